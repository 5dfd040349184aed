/**
 * Reads the ssh settings of many hosts with one local process. Each
 * process Node starts blocks its event loop while the child is forked:
 * about 3 ms in a pmgup process of 88 MB, measured on a 2-CPU machine. So
 * one `/bin/sh` starts every host's `ssh -G` in the background instead, and
 * writes each one's output, errors and exit status to files in a fresh
 * temporary directory, which Node reads afterwards. A host whose `ssh -G`
 * did not finish within the time limit has no exit status.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runProcess } from './process.js';
import { shellJoin, shellQuote } from './quote.js';

export interface SettingsRequest {
  sshOptions: readonly string[];
  host: string;
}

/** The output, errors and exit status of one host's `ssh -G`. */
export interface SettingsOutcome {
  stdout: string;
  stderr: string;
  /** Exit status, or null when `ssh -G` did not finish within the limit. */
  exitCode: number | null;
}

/**
 * Runs `ssh OPTIONS -G -- HOST` for every request at once under one shell
 * and returns the outcomes in request order, or null when the shell itself
 * could not run, so the caller can fall back to one process per host.
 */
export async function runSettingsBatch(requests: readonly SettingsRequest[], timeoutMs: number): Promise<SettingsOutcome[] | null> {
  const dir = await mkdtemp(join(tmpdir(), 'pmgup-ssh-G-'));
  try {
    const outcome = await runProcess({ file: '/bin/sh', args: ['-s'], env: process.env, input: batchScript(requests, dir), timeoutMs });
    if (outcome.spawnError !== null || (!outcome.timedOut && outcome.exitCode !== 0)) {
      return null;
    }

    return await Promise.all(requests.map((_, index) => readOutcome(dir, index)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Returns the script: one background job per host, each writing `N.out`, `N.err` and then `N.rc`. */
export function batchScript(requests: readonly SettingsRequest[], dir: string): string {
  const jobs = requests.map((request, index) => {
    const file = (suffix: string) => shellQuote(join(dir, `${index}.${suffix}`));
    const command = shellJoin(['ssh', ...request.sshOptions, '-G', '--', request.host]);

    return `(${command} </dev/null >${file('out')} 2>${file('err')}; echo $? >${file('rc')}) &`;
  });

  return [...jobs, 'wait', ''].join('\n');
}

async function readOutcome(dir: string, index: number): Promise<SettingsOutcome> {
  const read = (suffix: string) => readFile(join(dir, `${index}.${suffix}`), 'utf8').catch(() => null);
  const [stdout, stderr, rc] = await Promise.all([read('out'), read('err'), read('rc')]);
  const exitCode = rc === null || !/^[0-9]+\n$/.test(rc) ? null : Number(rc.trim());

  return { stdout: stdout ?? '', stderr: stderr ?? '', exitCode };
}

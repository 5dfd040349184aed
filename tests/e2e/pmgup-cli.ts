/**
 * Runs the real pmgup command line as a child process against a test host,
 * the way an operator would, for the plan and check end-to-end tests.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { TestHost } from '../testhost/host.js';
import { repositoryRoot } from '../testhost/paths.js';

const execFileAsync = promisify(execFile);

/** Exit status and output of one pmgup run. */
export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/pmgup.js ARGS` from the repository root, without colour or log lines. */
export async function pmgup(args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [join(repositoryRoot, 'bin', 'pmgup.js'), ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, NO_COLOR: '1', PMGUP_LOG: '' },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });

    return { status: 0, stdout, stderr };
  } catch (error) {
    // execFile rejects on a non-zero exit with the numeric status in `code`;
    // a string code means the process could not run at all.
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') {
      throw error;
    }

    return { status: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Returns the options that point pmgup at the test host with the harness's key and known_hosts file. */
export function targetArgs(host: TestHost): string[] {
  return ['--host', `root@127.0.0.1:${host.port}`, '--identity-file', host.identityFile, '--known-hosts', host.knownHostsFile];
}

/** Returns a test-host name with a random suffix, so parallel runs never collide. */
export function uniqueHostName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

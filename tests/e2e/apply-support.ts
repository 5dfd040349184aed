/**
 * Helpers of the apply end-to-end tests: run the real pmgup command line
 * against a test host, and read back what an operator would check after
 * the upgrade (release, packages, clusters, units, and a digest of every
 * row of the PMG database).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { repositoryRoot } from '../testhost/paths.js';
import type { TestHost } from '../testhost/host.js';

/** What one pmgup run printed and how it ended. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Options that point pmgup at the test host with the harness's key and known_hosts file. */
export function hostArgs(host: TestHost): string[] {
  return [
    '--host',
    `root@127.0.0.1:${host.port}`,
    '--identity-file',
    host.identityFile,
    '--known-hosts',
    host.knownHostsFile,
    '--no-color',
  ];
}

/** A pmgup process that runs while the test goes on. */
export interface RunningCli {
  child: ChildProcess;
  output: () => string;
  /** Resolves when stdout matches, rejects when the process ends or the time runs out first. */
  waitFor: (pattern: RegExp, timeoutMs: number) => Promise<void>;
  finished: Promise<CliRun>;
}

/** Starts `node bin/pmgup.js ARGS` in the repository root. */
export function startPmgup(args: string[]): RunningCli {
  const started = Date.now();
  const child = spawn(process.execPath, [join(repositoryRoot, 'bin', 'pmgup.js'), ...args], {
    cwd: repositoryRoot,
    env: { ...process.env, PMGUP_LOG: process.env.PMGUP_LOG ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    listeners.forEach((listener) => listener());
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<CliRun>((resolve) => {
    child.on('close', (code, signal) => {
      listeners.forEach((listener) => listener());
      resolve({ code, signal, stdout, stderr, durationMs: Date.now() - started });
    });
  });

  const waitFor = (pattern: RegExp, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`pmgup printed nothing matching ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`)), timeoutMs);
      const check = () => {
        if (pattern.test(stdout)) {
          done(null);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          done(new Error(`pmgup ended before printing ${pattern}:\n${stdout}\n${stderr}`));
        }
      };
      const done = (error: Error | null) => {
        clearTimeout(timer);
        listeners.delete(check);
        error === null ? resolve() : reject(error);
      };
      listeners.add(check);
      check();
    });

  return { child, output: () => stdout, waitFor, finished };
}

/** Runs pmgup to the end. */
export async function runPmgup(args: string[]): Promise<CliRun> {
  return startPmgup(args).finished;
}

/** Runs a command on the host and returns its stdout; fails the test when it exits non-zero. */
export async function onHost(host: TestHost, command: string): Promise<string> {
  const result = await host.exec(command, { timeoutMs: 120_000 });
  assert.equal(result.code, 0, `${command} failed on the test host: ${result.stderr}`);

  return result.stdout;
}

const PSQL = 'runuser -u postgres -- psql --no-psqlrc --tuples-only --no-align --dbname=Proxmox_ruledb';

/**
 * Returns `table count md5` per table of Proxmox_ruledb, where md5 covers
 * the text of every row in sorted order, so any lost, added or changed row
 * changes it.
 */
export async function databaseDigest(host: TestHost): Promise<string[]> {
  const script = [
    `tables=$(${PSQL} --command "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")`,
    'for table in $tables; do',
    `  ${PSQL} --field-separator=' ' --command "SELECT '$table', count(*), coalesce(md5(string_agg(row_text, E'\\\\n' ORDER BY row_text)), '-') FROM (SELECT t::text AS row_text FROM $table t) rows"`,
    'done',
  ].join('\n');
  const lines = (await onHost(host, script)).trim().split('\n');
  assert.ok(lines.length >= 3, `Proxmox_ruledb has too few tables to compare: ${lines.join(', ')}`);

  return lines;
}

/** Returns the installed version of a package, or null. */
export async function packageVersion(host: TestHost, name: string): Promise<string | null> {
  const result = await host.exec(`dpkg-query --show --showformat='\${db:Status-Status} \${Version}' ${name}`);
  const [status, version] = result.stdout.trim().split(' ');

  return result.code === 0 && status === 'installed' ? (version ?? null) : null;
}

/** The mail services the plan unmasks and that must run at the end. */
export const MAIL_SERVICES = ['postfix', 'pmg-smtp-filter', 'pmgpolicy', 'pmgdaemon', 'pmgproxy'];

/** Checks everything the full upgrade must leave behind, the database digest included. */
export async function assertUpgraded(host: TestHost, digestBefore: string[]): Promise<void> {
  assert.equal((await onHost(host, '. /etc/os-release; echo "$VERSION_CODENAME"')).trim(), 'bookworm');
  assert.match((await packageVersion(host, 'proxmox-mailgateway')) ?? 'missing', /^8\./);
  assert.match((await packageVersion(host, 'pmg-api')) ?? 'missing', /^8\./);
  assert.equal(await packageVersion(host, 'linux-image-amd64'), null);
  assert.equal(await packageVersion(host, 'postgresql-13'), null);

  const clusters = (await onHost(host, 'pg_lsclusters --no-header')).trim().split('\n').map((line) => line.split(/\s+/).slice(0, 4).join(' '));
  assert.deepEqual(clusters, ['15 main 5432 online']);
  assert.deepEqual(await databaseDigest(host), digestBefore);

  const clamonacc = await host.exec('systemctl is-enabled clamav-clamonacc.service; systemctl is-active clamav-clamonacc.service');
  assert.match(clamonacc.stdout, /^(disabled|masked)\ninactive\n$/);
  for (const service of MAIL_SERVICES) {
    const state = await host.exec(`systemctl is-enabled ${service}.service; systemctl is-active ${service}.service`);
    assert.equal(state.stdout, 'enabled\nactive\n', `${service}: ${state.stdout}`);
  }
}

/** Returns the journal the applies wrote on the host, one parsed entry per line. */
export async function hostJournal(host: TestHost): Promise<{ actionId: string; event: string; detail: string; planId: string }[]> {
  const text = await onHost(host, 'cat /var/lib/pmgup/journal.jsonl');

  return text.trim().split('\n').map((line) => JSON.parse(line));
}

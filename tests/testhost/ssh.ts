import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { run, type CommandResult } from './run.js';

/** Everything a client needs to reach a test host with OpenSSH. */
export interface SshTarget {
  user: 'root';
  host: '127.0.0.1';
  port: number;
  identityFile: string;
  knownHostsFile: string;
}

export interface ExecOptions {
  /** Data written to the remote command's stdin. */
  input?: string;
  /** Kill ssh after this many milliseconds. */
  timeoutMs?: number;
}

/**
 * Returns ssh options and destination for a host: the harness's key only, the
 * host's own known_hosts file with strict checking, no user configuration
 * and no prompts. A command may follow.
 */
export function sshArgs(target: SshTarget): string[] {
  return [
    '-F',
    'none',
    '-i',
    target.identityFile,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    `UserKnownHostsFile=${target.knownHostsFile}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    'ConnectTimeout=10',
    '-o',
    'ServerAliveInterval=10',
    '-o',
    'ServerAliveCountMax=3',
    '-o',
    'LogLevel=ERROR',
    '-p',
    String(target.port),
    `${target.user}@${target.host}`,
  ];
}

/** Writes a known_hosts file that pins the guest's host key to `[127.0.0.1]:PORT`. */
export function writeKnownHosts(path: string, port: number, hostKey: string): void {
  writeFileSync(path, `[127.0.0.1]:${port} ${hostKey}\n`);
}

/**
 * Runs a shell command on the host over ssh and resolves with its output and
 * exit code, also when the code is non-zero. Exit code 255 means ssh itself
 * failed (connection refused, authentication, host key).
 */
export function sshExec(target: SshTarget, command: string, options: ExecOptions = {}): Promise<CommandResult> {
  return run('ssh', [...sshArgs(target), command], {
    allowFailure: true,
    input: options.input ?? '',
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
}

/**
 * Waits until systemd on the host has finished starting: `running` or
 * `degraded`. Retries while ssh cannot connect yet. Throws with the last
 * output when `timeoutMs` passes.
 */
export async function waitForSystemReady(target: SshTarget, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no connection yet';

  while (Date.now() < deadline) {
    const result = await sshExec(target, 'systemctl is-system-running --wait', { timeoutMs: 60_000 });
    const state = result.stdout.trim();
    if (state === 'running' || state === 'degraded') {
      return state;
    }

    last = result.code === 255 ? result.stderr.trim() : `system state "${state}"`;
    await sleep(result.code === 255 ? 500 : 2000);
  }

  throw new Error(`Test host on port ${target.port} was not ready after ${timeoutMs / 1000} s: ${last}`);
}

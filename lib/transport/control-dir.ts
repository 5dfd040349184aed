/**
 * The private directory that contains an SshTransport's control socket. Only
 * the current user can enter it (mode 0700), because anyone who can
 * connect to the socket can run commands over the shared connection.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Start of every control directory's name. The full name is
 * `pmgup-ssh-PID-XXXXXX`: the id of the creating process, then mkdtemp's
 * six random characters. The process id lets a later run tell the
 * directories of processes that no longer run (see stale-control-dirs.ts).
 */
export const CONTROL_DIR_PREFIX = 'pmgup-ssh-';

/** Returns $XDG_RUNTIME_DIR when set (a per-user tmpfs), else the system temp directory. */
export function controlDirParent(env: NodeJS.ProcessEnv = process.env): string {
  return env.XDG_RUNTIME_DIR?.trim() ? env.XDG_RUNTIME_DIR : tmpdir();
}

/** Creates the directory in controlDirParent(env), named after this process, and returns its path. */
export function createControlDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = mkdtempSync(join(controlDirParent(env), `${CONTROL_DIR_PREFIX}${process.pid}-`));
  // mkdtemp already creates 0700 on Linux; chmod makes it independent of the umask and platform.
  chmodSync(dir, 0o700);

  return dir;
}

/** Removes the directory and any socket left in it; a missing directory is fine. */
export function removeControlDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Returns the ControlPath pattern inside the directory. `%C` is ssh's hash of
 * the local host, remote host, port and user: 40 characters, which keeps the
 * path under the 108-byte limit of a Unix socket address.
 */
export function controlPathIn(dir: string): string {
  return join(dir, '%C');
}

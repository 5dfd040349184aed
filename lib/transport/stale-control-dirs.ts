/**
 * Removal of control directories that pmgup processes left behind. A
 * process killed with SIGKILL never runs close(), so its directory stays,
 * and a fleet operator's temp directory fills with them. A run removes
 * such a directory only when it can prove the directory is a leftover:
 *
 * - its name is `pmgup-ssh-PID-XXXXXX` and PID is not this process;
 * - it is a directory (not a link), owned by the current user, mode 0700;
 * - no process with that PID runs (an existing process of another user
 *   counts as running);
 * - it was last changed at least MIN_AGE_MS ago;
 * - it contains nothing but sockets that refuse connections, so no ssh
 *   master still serves it.
 *
 * Anything else is kept, and no error here stops the run.
 */
import { lstat, readdir, rmdir, unlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';

import { logger, quoteName } from '../log.js';
import { CONTROL_DIR_PREFIX } from './control-dir.js';

const log = logger('transport');

const NAME = new RegExp(`^${CONTROL_DIR_PREFIX}([1-9][0-9]*)-[A-Za-z0-9]{6}$`);

/**
 * Youngest leftover removed. A directory changes when its socket is bound
 * or removed, so this keeps the directory of an ssh that is still
 * connecting for a process that just died.
 * NOTE: process ids are only checked in this machine's PID namespace. Two
 * containers that share a temp directory see each other's runs as gone, and
 * only this age and the socket check protect a live run's directory there.
 */
export const MIN_AGE_MS = 10 * 60 * 1000;

/** Largest process id that kill(2) takes: pid_t is a signed 32-bit integer. */
const MAX_PID = 0x7fff_ffff;

/** How long a socket may take to accept a connection before it counts as live. */
const CONNECT_TIMEOUT_MS = 1000;

/** Sources of the user id, process ids and time that the removal checks; tests replace them. */
export interface StaleDirOptions {
  /** The current user's id. Nothing is removed when it is undefined (no POSIX user ids). */
  uid?: number | undefined;
  /** The current process id, whose own directories are always kept. */
  pid?: number;
  isAlive?: (pid: number) => boolean;
  now?: () => number;
}

/**
 * Removes the leftover control directories in `parent` and returns their
 * paths. Never throws: a directory that cannot be checked or removed is
 * kept and logged.
 */
export async function removeStaleControlDirs(parent: string, options: StaleDirOptions = {}): Promise<string[]> {
  const settings = {
    uid: 'uid' in options ? options.uid : process.getuid?.(),
    pid: options.pid ?? process.pid,
    isAlive: options.isAlive ?? isProcessAlive,
    now: options.now ?? Date.now,
  };
  if (settings.uid === undefined) {
    return [];
  }

  let names: string[];
  try {
    names = await readdir(parent);
  } catch (error) {
    log.debug(`cannot list ${quoteName(parent)} for leftover control directories: ${String(error)}`);

    return [];
  }

  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(NAME.exec(name)?.[1]);
    if (!(pid > 0 && pid <= MAX_PID) || pid === settings.pid) {
      continue;
    }

    const dir = join(parent, name);
    try {
      if (!settings.isAlive(pid) && (await removeIfLeftover(dir, settings.uid, settings.now()))) {
        log.debug(`removed the control directory ${quoteName(dir)} of process ${pid}, which no longer runs`);
        removed.push(dir);
      }
    } catch (error) {
      log.debug(`kept the control directory ${quoteName(dir)} of process ${pid}: ${String(error)}`);
    }
  }

  return removed;
}

/** Removes `dir` and returns true when its owner, mode, age and content prove it a leftover. */
async function removeIfLeftover(dir: string, uid: number, now: number): Promise<boolean> {
  const info = await lstat(dir);
  if (!info.isDirectory() || info.uid !== uid || (info.mode & 0o777) !== 0o700 || now - info.mtimeMs < MIN_AGE_MS) {
    return false;
  }

  const sockets = (await readdir(dir)).map((name) => join(dir, name));
  for (const socket of sockets) {
    if (!(await lstat(socket)).isSocket() || (await socketAccepts(socket))) {
      return false;
    }
  }

  for (const socket of sockets) {
    await unlink(socket);
  }
  // rmdir, not a recursive removal: anything that appeared since the check makes it fail and keeps the directory.
  await rmdir(dir);

  return true;
}

/** Tells whether a Unix socket may be served. Only a refused connection (ECONNREFUSED) returns false. */
function socketAccepts(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    const finish = (accepts: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(accepts);
    };
    const timer = setTimeout(() => finish(true), CONNECT_TIMEOUT_MS);
    socket.once('connect', () => finish(true));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code !== 'ECONNREFUSED'));
  });
}

/** Tells whether a process with this id may exist. Only ESRCH returns false, so a process of another user (EPERM) counts. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);

    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

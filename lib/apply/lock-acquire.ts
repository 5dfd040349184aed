/**
 * Taking the apply lock, with one exception to "the lock stops a second
 * apply": a lock left by an apply on this same machine whose process no
 * longer exists (killed, or its machine rebooted) is taken over, because
 * no apply can be running behind it. Every other held lock stops the run.
 */
import type { Transport } from '../transport/types.js';
import { LockHeldError, lockContent, releaseLockScript, tryLock, type LockOwner } from './lock.js';

/** This apply's view of the machine it runs on. */
export interface LocalProcess {
  hostname: string;
  /** Tells whether a process with this id runs on this machine. */
  isAlive: (pid: number) => boolean;
}

/** A held lock: `release()` removes it only while it is still this apply's. */
export interface HeldLock {
  owner: LockOwner;
  /** The lock left by a dead apply on this machine that was taken over, or null. */
  takenOver: LockOwner | null;
  release: () => Promise<void>;
}

/** Returns true when the lock was left by a process of this machine that no longer runs. */
export function isAbandonedHere(owner: LockOwner | null, local: LocalProcess): boolean {
  if (owner === null) {
    return false;
  }

  const hostname = owner.holder.slice(owner.holder.lastIndexOf('@') + 1);

  return hostname === local.hostname && !local.isAlive(owner.pid);
}

/** Takes the lock on one host or throws LockHeldError naming the holder. */
export async function acquireLock(
  transport: Transport,
  host: string,
  owner: LockOwner,
  local: LocalProcess,
): Promise<HeldLock> {
  const release = async () => {
    await transport.run(releaseLockScript(lockContent(owner)));
  };

  const first = await tryLock(transport, owner);
  if (first.acquired) {
    return { owner, takenOver: null, release };
  }
  if (!isAbandonedHere(first.owner, local)) {
    throw new LockHeldError(host, first.owner, first.raw);
  }

  // Remove exactly the abandoned lock, then race any other apply for it.
  await transport.run(releaseLockScript(first.raw.trim()));
  const second = await tryLock(transport, owner);
  if (!second.acquired) {
    throw new LockHeldError(host, second.owner, second.raw);
  }

  return { owner, takenOver: first.owner, release };
}

/** Tells whether a process with this id runs on this machine (signal 0 checks without sending). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

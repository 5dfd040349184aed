import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { log } from './log.js';

/** Tells whether a process with this id exists. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockDir: string): number | undefined {
  try {
    return Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Takes a lock shared by every process on the machine, waiting while another
 * live process holds it. A lock whose owner died is taken over. The lock is a
 * folder because mkdir is atomic; its `pid` file names the owner.
 */
export async function withLock<T>(lockDir: string, action: () => Promise<T>): Promise<T> {
  let announced = false;

  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }

    const owner = readOwner(lockDir);
    if (owner !== undefined && owner > 0 && !isProcessAlive(owner)) {
      log('lock', `removing stale lock ${lockDir} of process ${owner}`);
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }

    if (!announced) {
      log('lock', `waiting for ${lockDir} (held by process ${owner ?? 'unknown'})`);
      announced = true;
    }
    await sleep(1000);
  }

  try {
    return await action();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

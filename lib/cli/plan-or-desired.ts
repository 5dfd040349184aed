/**
 * Tells a saved plan from a desired-state file, for commands that take
 * either: a `.toml` file is desired state; anything else whose first
 * non-blank character is `{` is a plan.
 */
import { open } from 'node:fs/promises';

import { UserError } from '../errors.js';

export async function isPlanFile(path: string): Promise<boolean> {
  if (path.endsWith('.toml')) {
    return false;
  }

  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new UserError(`Cannot read ${path}`, `${(error as Error).message}\nCheck the path and its permissions.`, {
      cause: error,
    });
  }
  try {
    const buffer = Buffer.alloc(64);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);

    return buffer.subarray(0, bytesRead).toString('utf8').trimStart().startsWith('{');
  } finally {
    await handle.close();
  }
}

/**
 * Reading and writing plan files. Writes are atomic: a reader sees the old
 * plan or the new one, never a truncated file.
 */
import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { InputError, InternalError, UserError } from '../errors.js';
import { readFailure } from '../file-errors.js';
import { decodeUtf8 } from '../config/text-location.js';
import type { Plan } from '../plan/model.js';
import { parsePlan } from './parse.js';
import { serializePlan } from './serialize.js';

/**
 * Largest plan file read. A plan carries at most a few file diffs of up to
 * 1 MiB each, so a larger file is almost certainly not a plan.
 * NOTE: the limit is a judgement, not derived from a real fleet's plans.
 */
export const MAX_PLAN_BYTES = 64 * 1024 * 1024;

/**
 * Reads and validates a plan file. Throws UserError when it cannot be read,
 * InputError when it is invalid, and FileKindError, whose fix names
 * `command`, when it is confidently another kind of file.
 */
export async function loadPlan(path: string, command?: string): Promise<Plan> {
  const bytes = await readPlanBytes(path);
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    throw new InputError(
      'The plan file is not valid UTF-8',
      [{ file: path, location: decoded.location, message: decoded.message }],
      'The file is damaged or not a plan. Make the plan again with `pmgup plan --out FILE`.',
    );
  }

  return parsePlan(decoded.text, path, command);
}

/**
 * Writes the plan to `path` with mode 0644 by writing a temporary file in
 * the same directory, syncing it and renaming it over `path`. Throws
 * InternalError when the plan is not valid, because pmgup must never save a
 * plan that it would reject on load, and UserError when the write fails.
 */
export async function savePlan(plan: Plan, path: string): Promise<void> {
  const text = serializePlan(plan);
  try {
    parsePlan(text, path);
  } catch (error) {
    throw new InternalError(
      `pmgup made a plan that does not pass its own validation. This is a bug: please report it.\n${describe(error)}`,
      {
        cause: error,
      },
    );
  }

  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask may have narrowed the mode given to open().
    await chmod(temporary, 0o644);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UserError(
      'Cannot save the plan',
      `Writing ${path} failed (${code}). Check that its directory exists and is writable.`,
      {
        cause: error,
      },
    );
  }
}

async function readPlanBytes(path: string): Promise<Buffer> {
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new UserError(
        'The plan path is not a file',
        `${path} is not a regular file. Name a plan saved by \`pmgup plan --out FILE\`.`,
      );
    }
    if (info.size > MAX_PLAN_BYTES) {
      throw new UserError(
        'The plan file is too large',
        `${path} has ${info.size} bytes, more than the ${MAX_PLAN_BYTES} that pmgup reads. Check that it is a plan file.`,
      );
    }

    return await readFile(path);
  } catch (error) {
    if (error instanceof UserError) {
      throw error;
    }
    throw new UserError('Cannot read the plan file', `${path}: ${readFailure(error)}.`, { cause: error });
  }
}

function describe(error: unknown): string {
  return error instanceof UserError ? `${error.message}\n${error.detail}` : String(error);
}

/**
 * Reading the desired-state file that a saved plan names, so that apply can
 * compare its SHA-256 with the plan's. The plan file is untrusted input, so
 * the path may name anything: only a regular file of at most
 * MAX_DESIRED_STATE_BYTES is read.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';

import { MAX_DESIRED_STATE_BYTES } from '../config/load.js';
import { UserError } from '../errors.js';
import type { Plan } from '../plan/model.js';
import { desiredStatePath, type DesiredStateRecord } from './desired-state.js';

/** The desired-state file a saved plan names, as found now. */
export interface PlanDesiredState {
  /** The path pmgup read, absolute unless a format 1 plan recorded a relative one. */
  path: string;
  /** Hex SHA-256 of the file's bytes now. */
  sha256: string;
}

/**
 * Reads the desired-state file of a plan loaded from `planFile` and returns
 * its path and current SHA-256. It does not compare the SHA-256 with the
 * plan's, because apply reports that with the other stale inputs. Throws
 * UserError naming the plan, the recorded path and the fix when the file
 * cannot be read.
 */
export async function readPlanDesiredState(plan: Plan, planFile: string): Promise<PlanDesiredState> {
  const path = desiredStatePath(plan.desiredState, planFile);
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(
      'Cannot read the desired-state file the plan was made from',
      `${planFile} records ${describeRecord(plan.desiredState)}, which is ${path}: ${reason}.\n${remedy(plan.desiredState)}`,
      { cause: error },
    );
  }

  return { path, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function readRegularFile(path: string): Promise<Buffer> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new Error('not a regular file');
    }
    size = info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) {
      throw error;
    }
    throw new Error(code === 'ENOENT' ? 'no such file' : code, { cause: error });
  }

  if (size > MAX_DESIRED_STATE_BYTES) {
    throw new Error(`${size} bytes, more than the ${MAX_DESIRED_STATE_BYTES} that pmgup reads`);
  }

  return readFile(path);
}

function describeRecord(record: DesiredStateRecord): string {
  switch (record.relativeTo) {
    case 'plan-file':
      return `the desired-state file "${record.path}" relative to its own folder`;
    case 'pmgup':
      return `pmgup's shipped desired state "${record.path}"`;
    case undefined:
      return `the desired-state file "${record.path}" as given on the command line (plan format version 1)`;
  }
}

function remedy(record: DesiredStateRecord): string {
  switch (record.relativeTo) {
    case 'plan-file':
      return 'Keep the plan file and its desired-state file in the same places relative to each other (commit and check out both), or make a new plan.';
    case 'pmgup':
      return 'Apply the plan with the pmgup version that made it (tool.version in the plan), or make a new plan.';
    case undefined:
      return (
        'A plan of format version 1 names the file relative to the folder pmgup ran in, so run pmgup apply from that folder, ' +
        'or make the plan again with this pmgup, which records the path relative to the plan file.'
      );
  }
}

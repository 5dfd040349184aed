/**
 * The record of the desired-state file in a saved plan. Operators commit
 * plans and apply them from other checkouts and machines, so format 2
 * records the path relative to the plan file's folder, or relative to
 * pmgup's installation for the desired states that pmgup ships. Format 1
 * recorded the path as given on the command line, and apply still reads
 * such a path relative to the current directory.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

import type { SchemaProblem } from '../config/schema-errors.js';
import { packageFile } from '../config/schema-files.js';
import type { Plan } from '../plan/model.js';

/** The `desiredState` object of a plan. */
export type DesiredStateRecord = Plan['desiredState'];

/** The folder of pmgup's installation that contains the desired states it ships. */
const SHIPPED_FOLDER = 'plans';

/**
 * Returns the record of the desired-state file at `path` (absolute, or
 * relative to the current directory) for a plan saved in `planDirectory`.
 * A file in pmgup's own `plans/` folder is recorded relative to pmgup's
 * installation, so that the plan names the same shipped file wherever that
 * pmgup version is installed.
 */
export function desiredStateRecord(path: string, sha256: string, planDirectory: string): Required<DesiredStateRecord> {
  const absolute = resolve(path);
  if (isInside(relative(packageFile(SHIPPED_FOLDER), absolute))) {
    return { relativeTo: 'pmgup', path: toPosix(relative(packageFile('.'), absolute)), sha256 };
  }

  return { relativeTo: 'plan-file', path: toPosix(relative(resolve(planDirectory), absolute)), sha256 };
}

/**
 * Returns the path of the desired-state file that a plan loaded from
 * `planFile` names: absolute for format 2, and for format 1 the recorded
 * path, which is relative to the current directory unless it is absolute.
 */
export function desiredStatePath(record: DesiredStateRecord, planFile: string): string {
  switch (record.relativeTo) {
    case 'plan-file':
      return resolve(planFile, '..', record.path);
    case 'pmgup':
      return packageFile(record.path);
    case undefined:
      return record.path;
  }
}

/**
 * Returns the problems of a schema-valid plan's `desiredState` that the
 * schema does not express: format 2 needs `relativeTo` and a relative path,
 * a shipped desired state must stay inside pmgup's `plans/` folder, and
 * format 1 has no `relativeTo`.
 */
export function desiredStateProblems(plan: Plan): SchemaProblem[] {
  const { relativeTo, path } = plan.desiredState;
  if (plan.formatVersion === 1) {
    return relativeTo === undefined
      ? []
      : [{ path: ['desiredState', 'relativeTo'], message: 'relativeTo is only valid in a plan of format version 2, and this plan has format version 1' }];
  }

  if (relativeTo === undefined) {
    return [{ path: ['desiredState'], message: 'relativeTo is missing, which a plan of format version 2 needs to find its desired-state file' }];
  }
  if (isAbsolute(path)) {
    return [{ path: ['desiredState', 'path'], message: `"${path}" is absolute, but a plan of format version 2 records a path relative to ${relativeTo}` }];
  }
  if (relativeTo === 'pmgup' && !isInside(relative(SHIPPED_FOLDER, path))) {
    return [{ path: ['desiredState', 'path'], message: `"${path}" is not in pmgup's ${SHIPPED_FOLDER}/ folder, the only folder a plan may name relative to pmgup` }];
  }

  return [];
}

/** Returns whether a path from `relative()` stays inside its base folder. */
function isInside(fromBase: string): boolean {
  return fromBase !== '' && !isAbsolute(fromBase) && fromBase.split(sep)[0] !== '..';
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

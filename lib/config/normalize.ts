/**
 * Normalization and cross-key checks of a desired state that passed schema
 * validation: unit names get their suffix, and lists that would make the
 * plan contradict itself are rejected.
 */
import { unitName } from '../plan/phase.js';
import type { Desired } from './desired.js';
import type { PathSegment } from './key-path.js';
import type { SchemaProblem } from './schema-errors.js';

const UNIT_LISTS = ['running', 'cluster_running', 'disabled'] as const;

/** Returns the desired state with full unit names, and every contradiction found. */
export function normalizeDesired(validated: Desired): {
  desired: Desired;
  problems: SchemaProblem[];
} {
  const desired = structuredClone(validated);
  for (const list of UNIT_LISTS) {
    desired.services[list] = desired.services[list].map(unitName);
  }

  const problems = [...unitProblems(desired), ...packageProblems(desired)];

  return { desired, problems };
}

/** Reports units listed twice across all lists; `postfix` and `postfix.service` are the same unit. */
function unitProblems(desired: Desired): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const firstSeen = new Map<string, PathSegment[]>();
  for (const list of UNIT_LISTS) {
    desired.services[list].forEach((unit, index) => {
      const path: PathSegment[] = ['services', list, index];
      const earlier = firstSeen.get(unit);
      if (earlier === undefined) {
        firstSeen.set(unit, path);

        return;
      }
      problems.push({
        path,
        message: `the unit ${unit} is already listed at ${formatEarlier(earlier)}`,
      });
    });
  }

  return problems;
}

/** Reports packages that are both required and removed. */
function packageProblems(desired: Desired): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const required = Object.keys(desired.packages.minimum);
  for (const list of ['absent', 'purge_after_upgrade'] as const) {
    desired.packages[list].forEach((name, index) => {
      if (required.includes(name)) {
        problems.push({
          path: ['packages', list, index],
          message: `the package ${name} is also required in packages.minimum. Remove it from one of the two`,
        });
      }
    });
  }

  return problems;
}

function formatEarlier(path: PathSegment[]): string {
  return `${path.slice(0, 2).join('.')}[${String(path[2])}]`;
}

/**
 * What a host ends on, read from the plan's own steps, for the checks and
 * guards that need it although their step does not carry it: the release
 * (from the reboot step, or the suites the sources edits switch to) and the
 * PostgreSQL major and database (from the cluster upgrade step).
 */
import { baseSuite } from '../plan/apt-sources.js';
import type { Action } from '../plan/model.js';

/** PMG's database, used when the plan has no cluster upgrade step to name it. */
export const PMG_DATABASE = 'Proxmox_ruledb';

export interface HostTargets {
  codename: string | null;
  postgres: { database: string; major: number | null };
}

function codenameFrom(actions: readonly Action[]): string | null {
  for (const action of actions) {
    if (action.step.kind === 'reboot') {
      return action.step.expectCodename;
    }
  }

  // The suite most edits switch to is the release (security and updates
  // suites reduce to it); a PMG or third-party suite is outnumbered.
  const counts = new Map<string, number>();
  for (const action of actions) {
    if (action.step.kind !== 'edit-apt-sources') {
      continue;
    }
    for (const edit of action.step.edits) {
      const suite = edit.op === 'replace-suite' ? edit.to : edit.op === 'append-entry' ? edit.suite : null;
      if (suite !== null) {
        const base = baseSuite(suite);
        counts.set(base, (counts.get(base) ?? 0) + 1);
      }
    }
  }

  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** Returns the targets of one host from its actions. */
export function hostTargets(actions: readonly Action[]): HostTargets {
  const upgrade = actions.find((action) => action.step.kind === 'upgrade-pg-cluster')?.step;
  const postgres =
    upgrade?.kind === 'upgrade-pg-cluster'
      ? { database: upgrade.database, major: upgrade.toVersion }
      : { database: PMG_DATABASE, major: null };

  return { codename: codenameFrom(actions), postgres };
}

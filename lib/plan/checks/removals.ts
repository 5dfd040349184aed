/**
 * Packages the simulated dist-upgrade would remove (the `Remv` lines of
 * `apt-get -s dist-upgrade`). Removing PMG itself, Postfix, the ClamAV
 * daemon or the PostgreSQL server with the database loses mail or the
 * database, so those removals block the plan. The exception is a host where
 * the plan first removes a package from `packages.absent`. The usual cause
 * is Debian's linux-image-amd64 on a host installed on plain Debian, which
 * conflicts with PMG 8. pmg7to8 has no such check.
 *
 * When the facts carry the upgrade simulation (`pmgup plan` without
 * --no-simulate), its removals are used instead: apt-get -s dist-upgrade
 * against the target release after removing `packages.absent`, so they are
 * exactly what the plan's dist-upgrade will remove.
 */
import type { Desired } from '../../config/desired.js';
import type { HostFacts } from '../../probe/facts.js';
import { databaseCluster } from '../phase.js';
import type { Check } from './context.js';
import { diagnostic, isInstalled, listNames } from './context.js';

const CODE = 'apt-removals';
const PROTECTED = new Set([
  'proxmox-mailgateway',
  'proxmox-mailgateway-container',
  'pmg-api',
  'postfix',
  'clamav-daemon',
]);

/** Returns the removals to judge: the release simulation's when there is one, else apt.pending's. */
function simulatedRemovals(facts: HostFacts): { removed: string[]; error: string | null; release: boolean } {
  const simulation = facts.simulation;
  // A simulation that missed lists of the new release knows too few packages to judge removals.
  if (simulation === null || simulation === undefined || !simulation.update.ok) {
    return { removed: [...facts.apt.pending.remove].sort(), error: facts.apt.pending.error, release: false };
  }
  const first = new Set(simulation.removedFirst);

  return { removed: simulation.upgrade.remove.filter((name) => !first.has(name)).sort(), error: simulation.upgrade.error, release: true };
}

/** Reports removals in the simulated dist-upgrade, failing those that would take mail or the database with them. */
export const checkRemovals: Check = (facts, desired, context) => {
  const { removed, error, release } = simulatedRemovals(facts);
  if (error !== null) {
    return [];
  }
  if (removed.length === 0) {
    return [
      diagnostic(context, {
        code: CODE,
        severity: 'pass',
        subject: 'apt-get dist-upgrade',
        message: 'The simulated dist-upgrade removes no package.',
      }),
    ];
  }

  const critical = removed.filter((name) => isCritical(name, facts, desired));
  const others = removed.filter((name) => !critical.includes(name));
  const results = [];
  if (critical.length > 0) {
    // Packages the plan removes before the dist-upgrade (packages.absent)
    // change what apt will do. The usual case is linux-image-amd64, because
    // its conflict with PMG 8 makes apt remove proxmox-mailgateway.
    // The release simulation already removed them first, so what it still
    // removes is what the dist-upgrade will remove.
    const removedFirst = release ? [] : desired.packages.absent.filter((name) => isInstalled(facts, name));
    results.push(
      diagnostic(context, {
        code: CODE,
        severity: removedFirst.length > 0 ? 'warning' : 'error',
        subject: critical.join(', '),
        message: `The simulated dist-upgrade would remove packages PMG needs: ${critical.map((name) => `Remv ${name}`).join(', ')}.`,
        fix: criticalFix(removedFirst),
      }),
    );
  }
  if (others.length > 0) {
    results.push(
      diagnostic(context, {
        code: CODE,
        severity: 'info',
        subject: 'apt-get dist-upgrade',
        message: `The simulated dist-upgrade removes ${others.length} other package(s): ${listNames(others)}.`,
      }),
    );
  }

  return results;
};

/**
 * Returns whether removing the package loses PMG, mail or the database. A
 * PostgreSQL server counts when it serves the database now or is the
 * target major. Removing an older one after the database moved is the
 * planned cleanup.
 */
function isCritical(name: string, facts: HostFacts, desired: Desired): boolean {
  if (PROTECTED.has(name)) {
    return true;
  }

  const server = /^postgresql-(\d+)$/.exec(name);
  if (server === null) {
    return false;
  }

  const major = Number(server[1]);
  const holder = databaseCluster(facts, desired.postgresql.database);

  return major === desired.postgresql.major || holder === null || major === holder.version;
}

function criticalFix(removedFirst: string[]): string {
  if (removedFirst.length > 0) {
    return `The plan removes ${listNames(removedFirst)} (packages.absent) before the dist-upgrade, which usually resolves this conflict; plan again after that step to confirm it did.`;
  }

  return 'Find the conflict with `apt-get -s dist-upgrade` and resolve it (for example `apt remove linux-image-amd64` on a host installed on plain Debian), then plan again.';
}

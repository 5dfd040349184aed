/**
 * Where a host stands in the upgrade procedure, derived from facts alone.
 * Checks use it to pick pre- or post-upgrade expectations; the plan shows it.
 */
import type { Desired } from '../config/desired.js';
import type { HostFacts, PgClusterFact } from '../probe/facts.js';
import { majorOf } from './debversion.js';

export type Phase = 'pre-upgrade' | 'upgrading' | 'post-upgrade';

/** Returns the installed version of the PMG meta-package (or its container variant), or null. */
export function metaPackageVersion(facts: HostFacts): string | null {
  for (const name of ['proxmox-mailgateway', 'proxmox-mailgateway-container']) {
    const fact = facts.packages[name];
    if (fact && fact.status !== 'not-installed' && fact.status !== 'config-files') {
      return fact.version;
    }
  }

  return null;
}

/** Returns the cluster that holds the PMG database, preferring an online one, or null. */
export function databaseCluster(facts: HostFacts, database: string): PgClusterFact | null {
  const holders = facts.postgres.clusters.filter((cluster) => cluster.databases?.includes(database));

  return holders.find((cluster) => cluster.status === 'online') ?? holders[0] ?? null;
}

/** Appends `.service` to a unit name without a suffix. */
export function unitName(name: string): string {
  return /\.(service|socket|timer|target|path|mount)$/.test(name) ? name : `${name}.service`;
}

/**
 * Returns the phase: `pre-upgrade` while the host is an untouched PMG 7 on
 * the old release, `post-upgrade` once PMG 8 runs on the new release with
 * the database on the new PostgreSQL, and `upgrading` for everything between.
 */
export function detectPhase(facts: HostFacts, desired: Desired): Phase {
  const meta = metaPackageVersion(facts);
  const major = meta === null ? null : majorOf(meta);
  // Only the mail units count: the cluster daemons are masked on every
  // member of a cluster before the first member is upgraded, so a member
  // whose turn has not come yet is still untouched.
  const anyMasked = desired.services.running.map(unitName).some((unit) => facts.units[unit]?.loadState === 'masked');
  const holder = databaseCluster(facts, desired.postgresql.database);

  if (facts.os.codename === desired.release.from && (major === null || major < 8) && !anyMasked) {
    return 'pre-upgrade';
  }
  if (
    facts.os.codename === desired.release.codename &&
    major !== null &&
    major >= 8 &&
    holder?.version === desired.postgresql.major
  ) {
    return 'post-upgrade';
  }

  return 'upgrading';
}

/**
 * remove-packages (`packages.absent` that are installed, before the
 * dist-upgrade) and purge-packages (`packages.purge_after_upgrade`, at the
 * end, once the database no longer depends on the old PostgreSQL).
 */
import { isInstalled, type PlanContext } from '../context.js';
import { draft, reason, type Draft } from '../draft.js';
import { factKey } from '../fact-keys.js';
import { stepSlug } from '../stages.js';

/** Returns the `packages.absent` entries dpkg has installed, in the TOML's order. */
export function packagesToRemove(context: PlanContext): string[] {
  return context.desired.packages.absent.filter((name) => isInstalled(context.facts.packages[name]));
}

export function planRemovals(context: PlanContext): Draft[] {
  const names = packagesToRemove(context);
  if (names.length === 0) {
    return [];
  }

  return [
    draft({
      stage: 'remove-packages',
      slug: stepSlug('remove-packages'),
      step: { kind: 'remove-packages', packages: names },
      reason: reason(
        'packages.absent',
        'not installed',
        `installed: ${names.join(', ')}`,
        names.includes('linux-image-amd64')
          ? `${names.join(', ')} must be removed before the dist-upgrade, because linux-image-amd64 conflicts with the PMG 8 meta-package.`
          : `${names.join(', ')} must be removed before the dist-upgrade.`,
      ),
      changes: names.map((name) => ({ subject: name, before: context.facts.packages[name].version, after: null })),
      destructive: true,
      fingerprintKeys: context.desired.packages.absent.map(factKey.package),
    }),
  ];
}

/**
 * Plans the purge when the database will not depend on the old PostgreSQL:
 * it is on the target major now or this plan moves it there.
 */
export function planPurge(context: PlanContext, databaseOnTarget: boolean): Draft[] {
  const names = context.desired.packages.purge_after_upgrade.filter((name) => {
    const status = context.facts.packages[name]?.status;
    return status !== undefined && status !== 'not-installed';
  });
  if (names.length === 0 || !databaseOnTarget) {
    return [];
  }

  const { major, cluster } = context.desired.postgresql;
  return [
    draft({
      stage: 'purge-packages',
      slug: stepSlug('purge-packages'),
      step: { kind: 'purge-packages', packages: names },
      reason: reason(
        'packages.purge_after_upgrade',
        'purged',
        names.map((name) => `${name} ${context.facts.packages[name].status}`).join(', '),
        `The PMG database is served by ${major}/${cluster}, so the old PostgreSQL packages and their data are no longer needed.`,
      ),
      changes: names.map((name) => ({ subject: name, before: context.facts.packages[name].version, after: null })),
      destructive: true,
      fingerprintKeys: [
        ...context.desired.packages.purge_after_upgrade.map(factKey.package),
        factKey.clusterDatabases(context.desired.postgresql.from_major, cluster),
        factKey.clusterDatabases(major, cluster),
      ],
    }),
  ];
}

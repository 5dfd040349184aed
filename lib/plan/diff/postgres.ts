/**
 * drop-pg-cluster (the empty target cluster the new PostgreSQL package
 * creates) and upgrade-pg-cluster (pg_upgradecluster of the old cluster).
 */
import type { PlanContext } from '../context.js';
import { draft, reason, type Draft } from '../draft.js';
import { factKey } from '../fact-keys.js';
import type { DatabasePlacement } from '../pg-state.js';
import { stepSlug } from '../stages.js';

function dropDraft(context: PlanContext, placement: DatabasePlacement): Draft {
  const { major, cluster, database } = context.desired.postgresql;
  const label = `${major}/${cluster}`;
  const ifExists = placement.drop!.ifExists;
  const actual = ifExists
    ? `${label} absent; the dist-upgrade installs postgresql-${major}, which creates it`
    : `${label} holds only ${placement.target!.databases!.join(', ')}`;

  return draft({
    stage: 'drop-pg-cluster',
    slug: stepSlug('drop-pg-cluster', label),
    step: { kind: 'drop-pg-cluster', version: major, name: cluster, ifExists },
    reason: reason(
      'postgresql.major',
      `${database} in ${label}`,
      actual,
      `pg_upgradecluster needs ${label} gone, and ${ifExists ? 'the one the upgrade creates' : 'this one'} is empty.`,
    ),
    changes: [{ subject: `postgres cluster ${label}`, before: ifExists ? 'created by the dist-upgrade' : 'empty', after: null }],
    destructive: true,
    fingerprintKeys: [factKey.clusterDatabases(major, cluster), factKey.clusterDatabases(context.desired.postgresql.from_major, cluster), factKey.package(`postgresql-${major}`)],
  });
}

function upgradeDraft(context: PlanContext, placement: DatabasePlacement): Draft {
  const { major, from_major: fromMajor, cluster, database, upgrade_method: method } = context.desired.postgresql;
  const down = placement.location === 'old-presumed';
  const note = down ? ` ${fromMajor}/${cluster} is down; apply starts it first, because pg_upgradecluster reads the old cluster.` : '';

  return draft({
    stage: 'upgrade-pg-cluster',
    slug: stepSlug('upgrade-pg-cluster', `${fromMajor}/${cluster}`),
    step: { kind: 'upgrade-pg-cluster', name: cluster, fromVersion: fromMajor, toVersion: major, method, database },
    reason: reason(
      'postgresql.major',
      `${database} in ${major}/${cluster}`,
      `${database} in ${fromMajor}/${cluster}${down ? ' (down, assumed)' : ''}`,
      `The PMG database must move to PostgreSQL ${major} with pg_upgradecluster --method ${method}.${note}`,
    ),
    changes: [
      { subject: `postgres cluster ${major}/${cluster}`, before: null, after: `holds ${database}, port ${placement.old?.port ?? context.desired.postgresql.port}` },
      { subject: `postgres cluster ${fromMajor}/${cluster}`, before: `holds ${database}`, after: 'kept, start mode manual' },
    ],
    destructive: true,
    fingerprintKeys: [factKey.clusterDatabases(fromMajor, cluster), factKey.clusterDatabases(major, cluster)],
  });
}

export function planDatabase(context: PlanContext, placement: DatabasePlacement): Draft[] {
  const drafts: Draft[] = [];
  if (placement.drop !== null) {
    drafts.push(dropDraft(context, placement));
  }
  if (placement.upgrade) {
    drafts.push(upgradeDraft(context, placement));
  }

  return drafts;
}

/**
 * Where the PMG database is and what it takes to move it to the target
 * PostgreSQL major: drop the auto-created empty target cluster, then
 * pg_upgradecluster. The plan never drops a cluster that may contain data.
 * A target cluster with anything beyond the default databases, or one that
 * is down so its databases cannot be listed, is an error instead.
 */
import type { PgClusterFact } from '../probe/facts.js';
import { isInstalled, type Finding, type PlanContext } from './context.js';
import { dropInDecidesMainCluster } from './createcluster-dropin.js';

export type DatabaseLocation = 'target' | 'old' | 'old-presumed' | 'other' | 'nowhere';

export interface DatabasePlacement {
  /** `old-presumed`: the old cluster is down, so its databases are unknown; it is assumed to hold the database. */
  location: DatabaseLocation;
  old: PgClusterFact | null;
  target: PgClusterFact | null;
  /** The cluster holding the database, when one was seen holding it. */
  holder: PgClusterFact | null;
  drop: { ifExists: boolean } | null;
  /** The dist-upgrade keeps the new server package from creating the empty target cluster, so nothing is dropped. */
  skipMainCluster: boolean;
  upgrade: boolean;
  /** The database is on the target major now, or this plan moves it there. */
  onTargetEventually: boolean;
  findings: Finding[];
}

/** Databases every new cluster has. */
export const DEFAULT_DATABASES = ['postgres', 'template0', 'template1'];

function clusterLabel(cluster: PgClusterFact): string {
  return `${cluster.version}/${cluster.name}`;
}

function locate(context: PlanContext): Pick<DatabasePlacement, 'location' | 'old' | 'target' | 'holder'> {
  const { clusters } = context.facts.postgres;
  const { major, from_major: fromMajor, cluster: name, database } = context.desired.postgresql;
  const old = clusters.find((item) => item.version === fromMajor && item.name === name) ?? null;
  const target = clusters.find((item) => item.version === major && item.name === name) ?? null;
  const holders = clusters.filter((item) => item.databases?.includes(database));
  const onTarget = holders.find((item) => item.version === major);

  if (onTarget) {
    return { location: 'target', old, target, holder: onTarget };
  }
  if (old !== null && holders.includes(old)) {
    return { location: 'old', old, target, holder: old };
  }
  if (holders.length > 0) {
    return { location: 'other', old, target, holder: holders[0] };
  }

  return { location: old?.databases === null ? 'old-presumed' : 'nowhere', old, target, holder: null };
}

/** Analyses the clusters. `distUpgradePlanned` predicts the empty target cluster the new packages create. */
export function analyseDatabase(context: PlanContext, distUpgradePlanned: boolean): DatabasePlacement {
  const found = locate(context);
  const findings: Finding[] = [];
  const placement: DatabasePlacement = { ...found, drop: null, skipMainCluster: false, upgrade: false, onTargetEventually: false, findings };

  switch (found.location) {
    case 'target':
      findings.push(...portFindings(context, found.holder!));
      placement.onTargetEventually = true;
      return placement;
    case 'other':
    case 'nowhere':
      findings.push(missingFinding(context, found));
      return placement;
    case 'old-presumed':
      findings.push(oldDownFinding(context, found.old!));
      break;
    case 'old':
      break;
  }

  const blocked = planDrop(context, placement, distUpgradePlanned);
  placement.upgrade = !blocked;
  placement.onTargetEventually = !blocked;

  return placement;
}

/** Fills in the drop of the target cluster; returns true when the target cluster blocks the upgrade. */
function planDrop(context: PlanContext, placement: DatabasePlacement, distUpgradePlanned: boolean): boolean {
  const { target } = placement;
  const { major } = context.desired.postgresql;

  if (target === null) {
    // Installing the new PostgreSQL server package creates an empty cluster
    // of the same name unless createcluster.conf turns that off; an already
    // installed one does not create it again.
    const serverPackage = context.facts.packages[`postgresql-${major}`];
    if (!distUpgradePlanned || isInstalled(serverPackage)) {
      return false;
    }
    if (context.desired.postgresql.cluster === 'main' && dropInDecidesMainCluster(context.facts)) {
      placement.skipMainCluster = true;
    } else {
      placement.drop = { ifExists: true };
    }
    return false;
  }
  if (target.databases === null) {
    placement.findings.push(targetDownFinding(target));
    return true;
  }

  const extra = target.databases.filter((name) => !DEFAULT_DATABASES.includes(name));
  if (extra.length > 0) {
    placement.findings.push(targetNotEmptyFinding(target, extra));
    return true;
  }
  placement.drop = { ifExists: false };

  return false;
}

function portFindings(context: PlanContext, holder: PgClusterFact): Finding[] {
  const { port } = context.desired.postgresql;
  if (holder.port === port) {
    return [];
  }

  return [
    {
      code: 'pg-port-mismatch',
      severity: 'error',
      subject: `postgres cluster ${clusterLabel(holder)}`,
      message: `The PMG database is in ${clusterLabel(holder)} on port ${holder.port}, but postgresql.port is ${port} and PMG connects there.`,
      fix: `Move the cluster to port ${port} (port in /etc/postgresql/${holder.version}/${holder.name}/postgresql.conf, then restart it), or set postgresql.port if PMG was reconfigured.`,
    },
  ];
}

function missingFinding(context: PlanContext, found: ReturnType<typeof locate>): Finding {
  const { database, major, from_major: fromMajor } = context.desired.postgresql;
  const seen = context.facts.postgres.clusters.map(clusterLabel).join(', ') || 'none';
  if (found.location === 'other') {
    return {
      code: 'pg-database-unexpected-cluster',
      severity: 'error',
      subject: `postgres cluster ${clusterLabel(found.holder!)}`,
      message: `The database ${database} is in cluster ${clusterLabel(found.holder!)}, which is neither the old (${fromMajor}) nor the target (${major}) PostgreSQL major of postgresql.cluster "${context.desired.postgresql.cluster}".`,
      fix: `Finish the earlier PostgreSQL upgrade so ${database} is in ${fromMajor}/${context.desired.postgresql.cluster}, or correct postgresql.cluster and postgresql.from_major.`,
    };
  }

  const down = context.facts.postgres.clusters.filter((cluster) => cluster.databases === null).map(clusterLabel);
  return {
    code: 'pg-database-not-found',
    severity: 'error',
    subject: `database ${database}`,
    message: `No PostgreSQL cluster contains the database ${database} (clusters: ${seen}${down.length > 0 ? `; down, so not listed: ${down.join(', ')}` : ''}).`,
    fix: 'Start the cluster that contains the PMG database and plan again, or correct postgresql.database.',
  };
}

function oldDownFinding(context: PlanContext, old: PgClusterFact): Finding {
  return {
    code: 'pg-old-cluster-down',
    severity: 'warning',
    subject: `postgres cluster ${clusterLabel(old)}`,
    message: `Cluster ${clusterLabel(old)} is down, so its databases could not be listed; the plan assumes it contains ${context.desired.postgresql.database}.`,
    fix: `Apply starts ${clusterLabel(old)} before pg_upgradecluster and checks that the database is there; start it yourself (pg_ctlcluster ${old.version} ${old.name} start) to see it in the plan.`,
  };
}

function targetDownFinding(target: PgClusterFact): Finding {
  return {
    code: 'pg-target-cluster-unknown',
    severity: 'error',
    subject: `postgres cluster ${clusterLabel(target)}`,
    message: `Cluster ${clusterLabel(target)} is down, so pmgup cannot tell whether it contains data, and pg_upgradecluster needs it gone.`,
    fix: `Start it (pg_ctlcluster ${target.version} ${target.name} start) and plan again; if it is empty, the plan drops it.`,
  };
}

function targetNotEmptyFinding(target: PgClusterFact, extra: string[]): Finding {
  return {
    code: 'pg-target-cluster-not-empty',
    severity: 'error',
    subject: `postgres cluster ${clusterLabel(target)}`,
    message: `Cluster ${clusterLabel(target)} contains databases beyond the defaults (${extra.join(', ')}), so pmgup will not drop it, and pg_upgradecluster cannot create it.`,
    fix: `Check what ${extra.join(', ')} contain; back them up and drop the cluster yourself (pg_dropcluster --stop ${target.version} ${target.name}) if they are not needed, then plan again.`,
  };
}

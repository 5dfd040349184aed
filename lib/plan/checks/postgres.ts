/**
 * The PostgreSQL cluster that holds the PMG database (pmg7to8 check 7).
 * pmg7to8 asks the server on the default port for its version and aborts
 * when it is down. Here the facts list every cluster and its databases, so
 * the check looks for the cluster holding the PMG database itself and
 * reports a down or missing one instead of stopping.
 */
import type { Desired } from '../../config/desired.js';
import type { HostFacts, PgClusterFact } from '../../probe/facts.js';
import { databaseCluster } from '../phase.js';
import type { Check, CheckContext, Finding } from './context.js';
import { diagnostic } from './context.js';

const CODE = 'postgres-version';

/** Reports which cluster serves the PMG database and whether its major fits the phase. */
export const checkPostgres: Check = (facts, desired, context) => {
  const database = desired.postgresql.database;
  const holder = databaseCluster(facts, database);
  const finding =
    holder === null
      ? missingHolder(facts, desired, context)
      : holderFinding(holder, desired, context);

  return [diagnostic(context, { subject: `database ${database}`, ...finding })];
};

type PgFinding = Omit<Finding, 'subject'>;

function holderFinding(holder: PgClusterFact, desired: Desired, context: CheckContext): PgFinding {
  const { from_major: from, major: to, database } = desired.postgresql;
  const where = `${holder.version}/${holder.name} (port ${holder.port})`;

  if (holder.version === from && context.phase === 'pre-upgrade') {
    return {
      code: CODE,
      severity: 'pass',
      message: `${database} is served by PostgreSQL ${where}.`,
    };
  }
  if (holder.version === from) {
    return {
      code: CODE,
      severity: 'warning',
      message: `${database} is still served by PostgreSQL ${where}.`,
      fix: `The plan moves it to PostgreSQL ${to} with pg_upgradecluster; by hand: \`pg_dropcluster --stop ${to} ${holder.name}\` for an empty auto-created cluster, then \`pg_upgradecluster -v ${to} ${from} ${holder.name}\`.`,
    };
  }
  if (holder.version === to && context.phase !== 'pre-upgrade') {
    return portFinding(holder, desired, where);
  }

  // Before the upgrade any major but the old one means an earlier major
  // upgrade (PMG 6 to 7, or a manual one) was never finished.
  const before = context.phase === 'pre-upgrade';
  const expected = before ? from : to;
  return {
    code: CODE,
    severity: 'error',
    message: `${database} is served by PostgreSQL ${where}, but PMG ${before ? 7 : 8} expects PostgreSQL ${expected}: an earlier database upgrade was left unfinished.`,
    fix: `Finish or undo that upgrade so PostgreSQL ${expected} serves ${database}, check with \`pg_lsclusters\`, then plan again.`,
  };
}

function portFinding(holder: PgClusterFact, desired: Desired, where: string): PgFinding {
  const { port, database } = desired.postgresql;
  if (holder.port === port) {
    return {
      code: CODE,
      severity: 'pass',
      message: `${database} is served by PostgreSQL ${where}.`,
    };
  }

  return {
    code: CODE,
    severity: 'warning',
    message: `${database} is served by PostgreSQL ${where}, but PMG connects to port ${port}.`,
    fix: `Set \`port = ${port}\` in /etc/postgresql/${holder.version}/${holder.name}/postgresql.conf (move any other cluster off that port first) and restart the cluster.`,
  };
}

function missingHolder(facts: HostFacts, desired: Desired, context: CheckContext): PgFinding {
  const database = desired.postgresql.database;
  const clusters = facts.postgres.clusters;
  const down = clusters
    .filter((cluster) => cluster.databases === null)
    .map((cluster) => `${cluster.version}/${cluster.name}`);

  if (clusters.length === 0) {
    return {
      code: CODE,
      severity: 'error',
      message: `pg_lsclusters lists no PostgreSQL cluster, so nothing serves ${database}.`,
      fix: 'Check that postgresql-common and the PostgreSQL server are installed and the data directory exists; restore from a PMG backup if the data is gone.',
    };
  }
  if (down.length > 0) {
    return {
      code: CODE,
      severity: context.phase === 'pre-upgrade' ? 'error' : 'warning',
      message: `No online cluster contains ${database}, and cluster(s) ${down.join(', ')} are down, so pmgup cannot list their databases.`,
      fix: `Start the cluster that holds ${database} (\`pg_ctlcluster ${desired.postgresql.from_major} ${desired.postgresql.cluster} start\`), then plan again.`,
    };
  }

  const online = clusters.map((cluster) => `${cluster.version}/${cluster.name}`).join(', ');
  return {
    code: CODE,
    severity: 'error',
    message: `${database} was not found in any online cluster (${online}).`,
    fix: `Find where ${database} went before changing anything: check \`pg_lsclusters\` and the PMG backups in /var/lib/pmg/backup.`,
  };
}

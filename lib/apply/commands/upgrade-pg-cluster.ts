/**
 * `upgrade-pg-cluster`: move the cluster holding the PMG database to the
 * new major with pg_upgradecluster, detached from the connection because a
 * dump and restore of a large database takes long. Before it starts, the
 * script checks on the live host that no cluster of the new major with
 * that name exists (pg_upgradecluster would fail, and an existing one may
 * contain data) and that the old cluster exists and contains the database.
 */
import type { StepOf } from '../../plan/model.js';
import { shellQuote } from '../../transport/quote.js';
import { clusterFunctions } from './pg-guards.js';
import { preamble, refuseFormat } from './shell.js';
import type { DetachedCommand } from './types.js';

export function buildUpgradePgCluster(step: StepOf<'upgrade-pg-cluster'>): DetachedCommand {
  const from = shellQuote(String(step.fromVersion));
  const to = shellQuote(String(step.toVersion));
  const name = shellQuote(step.name);
  const database = shellQuote(step.database);

  return {
    mode: 'detached',
    description: `pmgup: upgrade PostgreSQL cluster ${step.fromVersion}/${step.name} to ${step.toVersion}`,
    body: [
      ...preamble(),
      ...clusterFunctions(),
      `[ -z "$(pmgup_cluster ${to} ${name})" ] || ${refuseFormat(
        'targetClusterExists',
        'cluster %s/%s already exists, so pg_upgradecluster cannot create it; a new plan drops it first if it is empty',
        to,
        name,
      )}`,
      `[ -n "$(pmgup_cluster ${from} ${name})" ] || ${refuseFormat('clusterMissing', 'cluster %s/%s does not exist', from, name)}`,
      `pmgup_start ${from} ${name}`,
      `port=$(pmgup_cluster ${from} ${name} | cut -d' ' -f1)`,
      // A failing psql ends the script here (set -e) rather than reading as "no such database".
      'databases=$(pmgup_databases "$port")',
      // -F compares the name as text, because a regex would let `.` match any character.
      `printf '%s\\n' "$databases" | grep -q -x -F -- ${database} || ${refuseFormat(
        'databaseMissing',
        'cluster %s/%s does not hold database %s; refusing to upgrade it',
        from,
        name,
        database,
      )}`,
      `pg_upgradecluster -v ${to} -m ${shellQuote(step.method)} ${from} ${name} </dev/null`,
    ].join('\n'),
  };
}

/** Effect checks of the PostgreSQL steps, read from `postgres.clusters` in the facts. */
import type { StepOf } from '../../plan/model.js';
import type { PgClusterFact } from '../../probe/facts.js';
import type { ProbedFacts } from '../../probe/partial-facts.js';
import { PMG_PORT } from '../commands/pg-guards.js';
import type { EffectContext, Mismatch } from './context.js';

function findCluster(facts: ProbedFacts, version: number, name: string): PgClusterFact | undefined {
  return facts.postgres.clusters.find((cluster) => cluster.version === version && cluster.name === name);
}

function describe(cluster: PgClusterFact): string {
  const databases = cluster.databases === null ? 'databases unknown' : `databases ${cluster.databases.join(', ')}`;

  return `${cluster.version}/${cluster.name} is ${cluster.status} on port ${cluster.port}, ${databases}`;
}

/** Returns why the cluster does not serve the database on PMG's port, or nothing when it does. */
export function servesDatabase(facts: ProbedFacts, version: number, name: string, database: string): Mismatch[] {
  const cluster = findCluster(facts, version, name);
  if (cluster === undefined) {
    return [`cluster ${version}/${name} does not exist`];
  }

  const ok = cluster.status === 'online' && cluster.port === PMG_PORT && (cluster.databases ?? []).includes(database);

  return ok ? [] : [`${describe(cluster)}; expected online on port ${PMG_PORT} holding ${database}`];
}

export function checkDropPgCluster(step: StepOf<'drop-pg-cluster'>, context: EffectContext): Mismatch[] {
  const cluster = findCluster(context.after, step.version, step.name);

  return cluster === undefined ? [] : [`${describe(cluster)}; expected it dropped`];
}

export function checkUpgradePgCluster(step: StepOf<'upgrade-pg-cluster'>, context: EffectContext): Mismatch[] {
  return servesDatabase(context.after, step.toVersion, step.name, step.database);
}

/** The PMG database is served on PMG's port by a cluster of the target major (any major when unknown). */
export function databaseOnTarget(context: EffectContext): Mismatch[] {
  const { database, major } = context.postgres;
  const serving = context.after.postgres.clusters.find(
    (cluster) => cluster.status === 'online' && cluster.port === PMG_PORT && (cluster.databases ?? []).includes(database),
  );
  if (serving === undefined) {
    return [`no online cluster on port ${PMG_PORT} holds ${database}`];
  }

  return major === null || serving.version === major
    ? []
    : [`${database} is served by PostgreSQL ${serving.version}, not ${major}`];
}

/**
 * `drop-pg-cluster`: drop a cluster that holds only the default databases,
 * such as the empty 15/main the postgresql-15 package creates. The script
 * lists the cluster's databases on the live host right before dropping it
 * (starting the cluster when it is down, so it can be asked) and refuses
 * when it finds any other database. A missing cluster is success when the
 * step says `ifExists`, and an error otherwise.
 */
import type { StepOf } from '../../plan/model.js';
import { shellQuote } from '../../transport/quote.js';
import { clusterFunctions, DEFAULT_DATABASES } from './pg-guards.js';
import { preamble, refuseFormat, script } from './shell.js';
import { INLINE_TIMEOUT_MS, type InlineCommand } from './types.js';

export function buildDropPgCluster(step: StepOf<'drop-pg-cluster'>): InlineCommand {
  const version = shellQuote(String(step.version));
  const name = shellQuote(step.name);
  const label = `${step.version}/${step.name}`;
  const missing = step.ifExists
    ? `{ echo ${shellQuote(`pmgup: cluster ${label} does not exist; nothing to drop`)}; exit 0; }`
    : refuseFormat('clusterMissing', 'cluster %s/%s does not exist', version, name);
  const defaults = DEFAULT_DATABASES.map((database) => `-e ${shellQuote(`^${database}$`)}`).join(' ');

  return {
    mode: 'inline',
    timeoutMs: INLINE_TIMEOUT_MS,
    script: script([
      ...preamble(),
      ...clusterFunctions(),
      `[ -n "$(pmgup_cluster ${version} ${name})" ] || ${missing}`,
      `pmgup_start ${version} ${name}`,
      `port=$(pmgup_cluster ${version} ${name} | cut -d' ' -f1)`,
      // A failing psql ends the script here (set -e), so an unreadable list never passes as empty.
      'databases=$(pmgup_databases "$port")',
      `extra=$(printf '%s\\n' "$databases" | grep -v -x ${defaults} | tr '\\n' ' ' || true)`,
      `[ -z "$extra" ] || ${refuseFormat(
        'clusterNotEmpty',
        'cluster %s/%s holds databases other than the defaults: %s; refusing to drop it',
        version,
        name,
        '"$extra"',
      )}`,
      `pg_dropcluster --stop ${version} ${name}`,
      `echo ${shellQuote(`pmgup: dropped cluster ${label}`)}`,
    ]),
  };
}

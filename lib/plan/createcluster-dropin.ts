/**
 * pmgup's drop-in in /etc/postgresql-common/createcluster.d that sets
 * `create_main_cluster = false` while the dist-upgrade runs. The postinst
 * of postgresql-15 (maintscripts-functions in postgresql-client-common
 * 248, bookworm) creates the cluster 15/main unless `pg_conftool
 * createcluster.conf show -bs create_main_cluster` prints `off`. That
 * reads createcluster.conf with PgCommon's read_conf_file, which follows
 * `include_dir '...'` lines into the `*.conf` files of the directory in
 * name order, a later value replacing an earlier one.
 */
import type { FileFact, HostFacts } from '../probe/facts.js';
import type { Finding } from './context.js';

export const CREATECLUSTER_DIRECTORY = '/etc/postgresql-common/createcluster.d';

/** The drop-in's name starts with `zz-`, so it sorts after the operator's files and its value wins. */
export const SKIP_MAIN_CLUSTER_DROP_IN = `${CREATECLUSTER_DIRECTORY}/zz-pmgup-skip-main-cluster.conf`;

/** PgCommon's pattern for an include_dir line: the path in single quotes, `=` optional. */
const INCLUDE_DIR = /^\s*include_dir\s*=?\s*'([^']+)'\s*(?:#.*)?$/i;
const CREATE_MAIN_CLUSTER = /^\s*create_main_cluster\s*(?:=|\s)/i;

function resolveIncludePath(path: string): string {
  const absolute = path.startsWith('/') ? path : `/etc/postgresql-common/${path}`;

  return absolute.replace(/\/+$/, '');
}

function setsCreateMainCluster(lines: readonly string[]): boolean {
  return lines.some((line) => CREATE_MAIN_CLUSTER.test(line));
}

/**
 * Returns whether the postinst would read the `create_main_cluster = false`
 * of pmgup's drop-in. That holds when createcluster.conf has an active
 * include_dir line naming createcluster.d, no line after the last such line
 * sets create_main_cluster, and no drop-in sorting after pmgup's sets it.
 * A drop-in whose content the probe could not read counts as setting it.
 */
export function dropInDecidesMainCluster(facts: HostFacts): boolean {
  const content = facts.postgres.createclusterConf?.content ?? null;
  if (content === null) {
    return false;
  }

  const lines = content.split('\n');
  let includeIndex = -1;
  lines.forEach((line, index) => {
    const match = INCLUDE_DIR.exec(line);
    if (match !== null && resolveIncludePath(match[1]) === CREATECLUSTER_DIRECTORY) {
      includeIndex = index;
    }
  });
  if (includeIndex < 0 || setsCreateMainCluster(lines.slice(includeIndex + 1))) {
    return false;
  }

  return !laterDropIns(facts).some((file) => file.content === null || setsCreateMainCluster(file.content.split('\n')));
}

/** Returns the drop-ins PgCommon reads after pmgup's. Perl's `sort` orders the names by code point, as `>` does here for ASCII names. */
function laterDropIns(facts: HostFacts): FileFact[] {
  return (facts.postgres.createclusterDropIns ?? []).filter((file) => file.path > SKIP_MAIN_CLUSTER_DROP_IN);
}

/** Returns whether pmgup's drop-in was left on the host, by a dist-upgrade that did not get to remove it. */
export function hasLeftoverDropIn(facts: HostFacts): boolean {
  return (facts.postgres.createclusterDropIns ?? []).some((file) => file.path === SKIP_MAIN_CLUSTER_DROP_IN);
}

/**
 * Reports pmgup's drop-in when an earlier dist-upgrade left it behind, so
 * the operator learns that PostgreSQL packages installed now create no
 * main cluster. A planned dist-upgrade removes it when apt-get ends.
 */
export function leftoverDropInFindings(facts: HostFacts, distUpgradePlanned: boolean): Finding[] {
  if (!hasLeftoverDropIn(facts)) {
    return [];
  }

  const message = `${SKIP_MAIN_CLUSTER_DROP_IN} sets create_main_cluster = false. An earlier dist-upgrade by pmgup wrote it and was stopped before removing it.`;
  if (distUpgradePlanned) {
    return [
      {
        code: 'createcluster-drop-in-left',
        severity: 'notice',
        subject: SKIP_MAIN_CLUSTER_DROP_IN,
        message: `${message} The planned dist-upgrade removes it when apt-get ends.`,
      },
    ];
  }

  return [
    {
      code: 'createcluster-drop-in-left',
      severity: 'warning',
      subject: SKIP_MAIN_CLUSTER_DROP_IN,
      message: `${message} Until it is removed, installing a PostgreSQL server package creates no main cluster.`,
      fix: `Remove it: rm ${SKIP_MAIN_CLUSTER_DROP_IN}`,
    },
  ];
}

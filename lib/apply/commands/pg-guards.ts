/**
 * Shell guards over PostgreSQL clusters, run on the live host right before
 * a destructive step. They read `pg_lsclusters` (postgresql-common) and ask
 * the server itself through psql as the postgres user, so they see the
 * state at that moment rather than the state the plan was made from.
 */
import { shellQuote } from '../../transport/quote.js';
import { refuseFormat } from './shell.js';
import type { BuildContext } from './types.js';

/** The port PMG connects to; the cluster serving the database must listen on it. */
export const PMG_PORT = 5432;

/** Databases every cluster has; a cluster holding only these holds no data of PMG's. */
export const DEFAULT_DATABASES: readonly string[] = ['postgres', 'template0', 'template1'];

const PSQL = 'runuser -u postgres -- psql --no-psqlrc --tuples-only --no-align';

/**
 * Shell functions the guards use:
 * `pmgup_cluster V N` prints "PORT STATUS" of a cluster or nothing when it
 * does not exist; `pmgup_databases PORT` prints one database name a line;
 * `pmgup_start V N` starts a cluster that is down, so it can be asked.
 */
export function clusterFunctions(): string[] {
  return [
    'pmgup_cluster() {',
    '  pg_lsclusters --no-header 2>/dev/null | awk -v v="$1" -v n="$2" \'$1 == v && $2 == n { print $3, $4 }\'',
    '}',
    'pmgup_databases() {',
    `  ${PSQL} --port="$1" --dbname=template1 --command='SELECT datname FROM pg_database ORDER BY datname'`,
    '}',
    'pmgup_start() {',
    '  case "$(pmgup_cluster "$1" "$2")" in',
    '    *" online"*) ;;',
    '    *) pg_ctlcluster "$1" "$2" start ;;',
    '  esac',
    '}',
  ];
}

/**
 * Returns lines that set `target` to the PostgreSQL major that must serve
 * the PMG database: the plan's, or else the newest major postgresql-common
 * supports on the running release (its `supported-versions` script), or
 * else the newest major installed under /usr/lib/postgresql.
 */
export function targetMajor(major: number | null): string[] {
  if (major !== null) {
    return [`target=${shellQuote(String(major))}`];
  }

  return [
    'target=$({ /usr/share/postgresql-common/supported-versions 2>/dev/null || ls /usr/lib/postgresql; } | grep -x \'[0-9][0-9]*\' | sort -n | tail -n 1)',
    `[ -n "$target" ] || ${refuseFormat('databaseNotServed', 'cannot tell which PostgreSQL major should serve the database: no supported or installed version found')}`,
  ];
}

/**
 * Returns lines that stop the script unless a server on port 5432 of the
 * target major answers for the PMG database. `forbiddenMajor`, when set,
 * is a major that must not be the one serving it (the version about to be
 * purged). `purpose` completes "refusing to ...".
 */
export function requireDatabaseServed(
  postgres: BuildContext['postgres'],
  purpose: string,
  forbiddenMajor: number | null = null,
): string[] {
  const database = shellQuote(postgres.database);
  const forbidden =
    forbiddenMajor === null
      ? []
      : [
          `[ "$served_major" -ne ${forbiddenMajor} ] || ${refuseFormat(
            'databaseNotServed',
            `database %s is still served by PostgreSQL %s on port ${PMG_PORT}; refusing to ${purpose}`,
            database,
            '"$served_major"',
          )}`,
        ];

  return [
    ...targetMajor(postgres.major),
    `served=$(${PSQL} --port=${PMG_PORT} --dbname=${database} --command='SHOW server_version_num' 2>/dev/null || true)`,
    'case "$served" in',
    `  ''|*[!0-9]*) ${refuseFormat(
      'databaseNotServed',
      `no PostgreSQL server on port ${PMG_PORT} serves database %s; refusing to ${purpose}`,
      database,
    )} ;;`,
    'esac',
    'served_major=$((served / 10000))',
    ...forbidden,
    `[ "$served_major" -eq "$target" ] || ${refuseFormat(
      'databaseNotServed',
      `database %s is served by PostgreSQL %s on port ${PMG_PORT}, not by %s; refusing to ${purpose}`,
      database,
      '"$served_major"',
      '"$target"',
    )}`,
  ];
}

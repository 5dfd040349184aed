/**
 * Reading postgresql.conf-style files (`name = value` lines, `#` comments):
 * PMG's `postgresql.conf.in` template and postgresql-common's
 * `createcluster.conf`. Also the settings that PostgreSQL 14 and 15
 * removed, which make a 15 server refuse to start when they are set.
 */

/** One `name = value` line; the name is lower-cased, the value keeps its quotes. */
export interface PgSetting {
  name: string;
  value: string;
  /** 1-based line number. */
  line: number;
}

/**
 * Settings removed between PostgreSQL 13 and 15, by the major release that
 * removed them. pg_upgradecluster in postgresql-common 248 comments out
 * these three when it upgrades a cluster to 14 or later.
 */
export const REMOVED_SETTINGS: Readonly<Record<string, number>> = {
  operator_precedence_warning: 14,
  vacuum_cleanup_index_scale_factor: 14,
  stats_temp_directory: 15,
};

const SETTING = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(?:=\s*|\s+)(.*?)\s*$/;

/** Parses every uncommented setting line; `include` directives are returned like settings. */
export function parsePgSettings(content: string): PgSetting[] {
  const settings: PgSetting[] = [];

  content.split('\n').forEach((raw, index) => {
    const text = stripComment(raw);
    const match = SETTING.exec(text);
    if (match && match[2] !== '') {
      settings.push({ name: match[1].toLowerCase(), value: match[2], line: index + 1 });
    }
  });

  return settings;
}

/** Returns the uncommented settings that PostgreSQL 15 no longer accepts, in file order. */
export function findRemovedSettings(content: string): PgSetting[] {
  return parsePgSettings(content).filter(rejectedBy15);
}

/**
 * Returns whether PostgreSQL 15 refuses to start with this setting: a
 * removed parameter, or `password_encryption` with an on/off value, which
 * stopped being a boolean in PostgreSQL 14.
 */
export function rejectedBy15(setting: PgSetting): boolean {
  if (setting.name === 'password_encryption') {
    return /^(on|off|true|false|yes|no|1|0)$/i.test(unquote(setting.value));
  }

  return setting.name in REMOVED_SETTINGS;
}

/** Removes a `#` comment, leaving `#` inside single-quoted values alone. */
function stripComment(line: string): string {
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (char === "'") {
      quoted = !quoted;
    } else if (char === '#' && !quoted) {
      return line.slice(0, index);
    }
  }

  return line;
}

/** Returns a setting's value without surrounding single quotes. */
export function unquote(value: string): string {
  return value.length >= 2 && value.startsWith("'") && value.endsWith("'")
    ? value.slice(1, -1).replace(/''/g, "'")
    : value;
}

/** The data directory pg_createcluster uses when createcluster.conf sets none. */
export const DEFAULT_DATA_DIRECTORY = '/var/lib/postgresql/%v/%c';

/**
 * Keys that configure pg_createcluster itself; every other setting in
 * createcluster.conf is copied into the new cluster's postgresql.conf.
 */
export const CREATECLUSTER_KEYS = new Set([
  'create_main_cluster',
  'start_conf',
  'data_directory',
  'waldir',
  'xlogdir',
  'initdb_options',
  'include',
  'include_dir',
  'include_if_exists',
  'add_include',
  'add_include_dir',
  'add_include_if_exists',
]);

/** Fills in createcluster.conf's `%v` (major), `%c` (cluster name) and `%%` placeholders. */
export function resolveClusterPath(template: string, version: number, cluster: string): string {
  const values: Record<string, string> = { v: String(version), c: cluster, '%': '%' };

  return template.replace(/%([vc%])/g, (_match, key: string) => values[key]);
}

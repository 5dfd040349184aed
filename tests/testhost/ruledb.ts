import type { CommandResult } from './run.js';

/** Row counts of the sample Proxmox_ruledb in the base image (see standins/common/usr/share/pmg-standin/ruledb.sql). */
export const ruledbExpectedRows = {
  objectgroup: 12,
  object: 120,
  rule: 24,
  rulegroup: 48,
  cstatistic: 300,
  creceivers: 450,
} as const;

export type RuledbTable = keyof typeof ruledbExpectedRows;

/** Row order of each table for the checksum, so equal data gives equal checksums. */
const orderBy: Record<RuledbTable, string> = {
  objectgroup: 't.id',
  object: 't.id',
  rule: 't.id',
  rulegroup: 't.rule_id, t.objectgroup_id, t.grouptype',
  cstatistic: 't.cid, t.rid',
  creceivers: 't.cstatistic_cid, t.cstatistic_rid, t.receiver',
};

/**
 * Query that prints `table|rows|md5` for every sample table. The md5 covers
 * the text form of every row, so it changes when any value changes.
 */
export const ruledbChecksumSql = `${(Object.keys(orderBy) as RuledbTable[])
  .map(
    (table) =>
      `SELECT '${table}', count(*), md5(string_agg(t::text, ',' ORDER BY ${orderBy[table]})) FROM ${table} t`,
  )
  .join('\nUNION ALL ')};\n`;

/** Row count and checksum of one table. */
export interface TableChecksum {
  rows: number;
  md5: string;
}

/** Anything that runs a shell command on a test host, such as TestHost. */
export interface CommandRunner {
  exec(command: string, options?: { input?: string }): Promise<CommandResult>;
}

/**
 * Reads the row counts and checksums of the sample tables from the
 * PostgreSQL server on port `port` (5432: the cluster PMG uses before and
 * after the upgrade). Throws when psql fails.
 */
export async function readRuledbChecksums(
  host: CommandRunner,
  port = 5432,
): Promise<Record<RuledbTable, TableChecksum>> {
  const result = await host.exec(
    `cd / && runuser -u postgres -- psql --no-psqlrc --tuples-only --no-align --port=${port} --dbname=Proxmox_ruledb`,
    { input: ruledbChecksumSql },
  );
  if (result.code !== 0) {
    throw new Error(`Reading Proxmox_ruledb on port ${port} failed with exit code ${result.code}:\n${result.stderr}`);
  }

  const checksums: Partial<Record<RuledbTable, TableChecksum>> = {};
  for (const line of result.stdout.trim().split('\n')) {
    const [table, rows, md5] = line.split('|');
    checksums[table as RuledbTable] = { rows: Number(rows), md5: md5 ?? '' };
  }

  return checksums as Record<RuledbTable, TableChecksum>;
}

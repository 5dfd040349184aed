/**
 * Free space for the database upgrade. pg_upgradecluster's dump method
 * restores into a new cluster while the old one still exists, so the
 * filesystem that will hold the new cluster needs room for a second copy:
 * the old cluster's size × 1.2 plus 1 GiB. The margin is a chosen safety
 * factor, not a measurement: 20 % headroom for WAL written during the
 * restore and for freshly built indexes, and 1 GiB for the new cluster's
 * catalogs and logs. The `link` and `clone` methods share data files with
 * the old cluster and need only the 1 GiB.
 */
import type { Desired } from '../../config/desired.js';
import type { HostFacts } from '../../probe/facts.js';
import { databaseCluster } from '../phase.js';
import type { Check, Finding } from './context.js';
import { diagnostic, formatSize } from './context.js';
import { GIB, diskFor } from './disk.js';
import {
  DEFAULT_DATA_DIRECTORY,
  parsePgSettings,
  resolveClusterPath,
  unquote,
} from './pg-config.js';

const CODE = 'database-free-space';

/** The directory of the new cluster and the createcluster.conf line that set it. */
interface TargetDirectory {
  path: string;
  /** The createcluster.conf line that set it, or null for the default. */
  line: number | null;
}

/** Returns the space the new cluster needs for an old cluster of `sizeBytes`, by upgrade method. */
export function requiredBytes(
  sizeBytes: number,
  method: Desired['postgresql']['upgrade_method'],
): number {
  if (method === 'link' || method === 'clone') {
    return GIB;
  }

  return Math.ceil(sizeBytes * 1.2) + GIB;
}

/** Compares the old cluster's size with free space where the new cluster goes, until the database is upgraded. */
export const checkDatabaseSpace: Check = (facts, desired, context) => {
  const { database, from_major: from } = desired.postgresql;
  const holder = databaseCluster(facts, database);
  const target = targetDirectory(facts, desired);
  const subject = target.path;

  if (holder === null || holder.version !== from) {
    const message =
      holder === null
        ? `No cluster holds ${database}; see postgres-version.`
        : `${database} is not on PostgreSQL ${from}, so there is nothing to upgrade.`;
    return [diagnostic(context, { code: CODE, severity: 'skip', subject, message })];
  }

  return [
    diagnostic(context, { subject, ...spaceFinding(facts, desired, target, holder.sizeBytes) }),
  ];
};

function spaceFinding(
  facts: HostFacts,
  desired: Desired,
  target: TargetDirectory,
  sizeBytes: number | null,
): Omit<Finding, 'subject'> {
  const origin =
    target.line === null
      ? 'the default location'
      : `data_directory in /etc/postgresql-common/createcluster.conf line ${target.line}`;
  const location =
    target.line === null
      ? undefined
      : { file: '/etc/postgresql-common/createcluster.conf', line: target.line };
  const disk = diskFor(facts, target.path);

  if (disk === null) {
    return {
      code: CODE,
      severity: 'warning',
      message: `The facts hold no free-space entry for ${target.path} (${origin}), so pmgup cannot tell whether the new cluster fits.`,
      fix: `Check \`df -h\` for ${target.path} on the host against the size of the old cluster.`,
      location,
    };
  }
  if (sizeBytes === null) {
    return {
      code: CODE,
      severity: 'warning',
      message: `The size of the PostgreSQL ${desired.postgresql.from_major} cluster is unknown (the cluster was down), so pmgup cannot tell whether the new one fits in ${formatSize(disk.availableBytes)}.`,
      fix: 'Start the old cluster and plan again.',
      location,
    };
  }

  const needed = requiredBytes(sizeBytes, desired.postgresql.upgrade_method);
  const summary = `The old cluster holds ${formatSize(sizeBytes)}; method ${desired.postgresql.upgrade_method} needs ${formatSize(needed, 'up')} on ${disk.mountPoint} for ${target.path} (${origin}), and ${formatSize(disk.availableBytes)} are free.`;
  if (disk.availableBytes < needed) {
    return {
      code: CODE,
      severity: 'error',
      message: summary,
      fix: `Free ${formatSize(needed - disk.availableBytes, 'up')} on ${disk.mountPoint}, or shrink the database (shorter quarantine and statistics lifetimes in PMG), then plan again.`,
      location,
    };
  }

  return { code: CODE, severity: 'pass', message: summary, location };
}

function targetDirectory(facts: HostFacts, desired: Desired): TargetDirectory {
  const { major, cluster } = desired.postgresql;
  const content = facts.postgres.createclusterConf?.content ?? null;
  const setting =
    content === null
      ? undefined
      : parsePgSettings(content).find((entry) => entry.name === 'data_directory');
  const template = setting === undefined ? DEFAULT_DATA_DIRECTORY : unquote(setting.value);

  return { path: resolveClusterPath(template, major, cluster), line: setting?.line ?? null };
}

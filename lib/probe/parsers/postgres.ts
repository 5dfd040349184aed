/**
 * Parsers for PostgreSQL clusters: `pg_lsclusters --no-header` (seven
 * space-separated columns: version, name, port, status, owner, data
 * directory, log file) and the script's per-cluster records (start.conf and
 * the databases of online clusters, names hex-encoded by the query).
 */
import type { FileFact, PgClusterFact } from '../facts.js';
import { contentLines, type Line, readCount, readFileRecord, reject, splitTag, toFileFact } from '../records.js';
import type { Section } from '../sections.js';

/** What the script found about one cluster beyond pg_lsclusters. */
export interface ClusterDetails {
  startMode: string;
  databases: string[] | null;
  sizeBytes: number | null;
}

/** Parses `pg-lsclusters`, joined with the details from `pg-clusters`. Empty without postgresql-common. */
export function parseClusters(section: Section, details: Map<string, ClusterDetails>): PgClusterFact[] {
  if (section.status === 127) {
    return [];
  }

  return contentLines(section).map((line) => {
    const fields = line.text.trim().split(/\s+/);
    if (fields.length < 6 || !/^\d+(\.\d+)?$/.test(fields[0]) || !/^\d+$/.test(fields[2])) {
      return reject(section, line, 'VERSION NAME PORT STATUS OWNER DATA-DIRECTORY [LOG-FILE]');
    }

    const [version, name, port, status, owner, dataDirectory] = fields;
    const found = details.get(`${version}/${name}`);
    const online = status.startsWith('online');

    return {
      version: Number(version),
      name,
      port: Number(port),
      status: online ? 'online' : 'down',
      owner,
      dataDirectory,
      logFile: fields.slice(6).join(' '),
      startMode: found?.startMode ?? 'auto',
      databases: online ? (found?.databases ?? null) : null,
      sizeBytes: online ? (found?.sizeBytes ?? null) : null,
    };
  });
}

/**
 * Parses `pg-clusters`: for each cluster a `cluster VERSION NAME` line, its
 * start.conf record, and for online clusters `databases STATUS` followed by
 * `db HEXNAME SIZE` lines.
 */
export function parseClusterDetails(section: Section): Map<string, ClusterDetails> {
  const details = new Map<string, ClusterDetails>();
  let current: ClusterDetails | null = null;

  for (const line of contentLines(section)) {
    const { tag, rest } = splitTag(line);
    if (tag === 'cluster') {
      current = { startMode: 'auto', databases: null, sizeBytes: null };
      details.set(clusterKey(section, line, rest), current);
    } else if (current === null) {
      return reject(section, line, 'a "cluster VERSION NAME" line first');
    } else if (tag === 'file' || tag === 'missing') {
      current.startMode = startMode(section, line);
    } else if (tag === 'databases') {
      const status = readCount(section, line, rest, 'the exit status of psql');
      current.databases = status === 0 ? [] : null;
      current.sizeBytes = status === 0 ? 0 : null;
    } else if (tag === 'db' && current.databases !== null) {
      addDatabase(section, line, rest, current);
    } else {
      return reject(section, line, 'a cluster, file, databases or db record');
    }
  }

  return details;
}

function clusterKey(section: Section, line: Line, rest: string): string {
  const match = /^(\d+(?:\.\d+)?) (\S+)$/.exec(rest);
  if (!match) {
    return reject(section, line, '"cluster VERSION NAME"');
  }

  return `${match[1]}/${match[2]}`;
}

/** Reads the first word of start.conf that is not a comment; a missing file means `auto`. */
function startMode(section: Section, line: Line): string {
  const record = readFileRecord(section, line);
  if (record.kind === 'missing' || record.bytes === null) {
    return 'auto';
  }

  for (const raw of record.bytes.toString('utf8').split('\n')) {
    const word = raw.replace(/#.*/, '').trim();
    if (word !== '') {
      return word;
    }
  }

  return 'auto';
}

function addDatabase(section: Section, line: Line, rest: string, cluster: ClusterDetails): void {
  const match = /^((?:[0-9a-f]{2})+) (\d+)$/.exec(rest);
  if (!match) {
    reject(section, line, '"db HEXNAME SIZE"');
  }

  cluster.databases = [...(cluster.databases ?? []), Buffer.from(match[1], 'hex').toString('utf8')];
  cluster.sizeBytes = (cluster.sizeBytes ?? 0) + readCount(section, line, match[2], 'a database size in bytes');
}

const CREATECLUSTER_CONF = '/etc/postgresql-common/createcluster.conf';
const CREATECLUSTER_DIRECTORY = '/etc/postgresql-common/createcluster.d/';

/** The files of `pg-createcluster`: createcluster.conf, then the `*.conf` files of createcluster.d. */
export interface CreateclusterFiles {
  conf: FileFact | null;
  dropIns: FileFact[];
}

/** Parses `pg-createcluster`: a record for createcluster.conf, then one per file in createcluster.d. */
export function parseCreatecluster(section: Section): CreateclusterFiles {
  const [first, ...rest] = contentLines(section);
  if (first === undefined) {
    return reject(section, null, `a record for ${CREATECLUSTER_CONF}`);
  }

  const conf = readFileRecord(section, first);
  if (conf.path !== CREATECLUSTER_CONF) {
    reject(section, first, `a record for ${CREATECLUSTER_CONF}`);
  }

  const dropIns = rest.map((line) => {
    const record = readFileRecord(section, line);
    const name = record.path.slice(CREATECLUSTER_DIRECTORY.length);
    if (record.kind === 'missing' || !record.path.startsWith(CREATECLUSTER_DIRECTORY) || name.includes('/') || !name.endsWith('.conf')) {
      return reject(section, line, `a file record for a *.conf file in ${CREATECLUSTER_DIRECTORY}`);
    }

    return toFileFact(record)!;
  });

  return { conf: toFileFact(conf), dropIns };
}

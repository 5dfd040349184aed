/**
 * Parsers for dpkg's package database: `dpkg-query -W` lines with the
 * `${Status}` triple (want, error flag, status), and the modification times
 * of dpkg's file lists (`/var/lib/dpkg/info/PKG[:ARCH].list`).
 */
import type { PackageFact } from '../facts.js';
import { contentLines, type Line, readCount, reject } from '../records.js';
import type { Section } from '../sections.js';

const WANTS = ['unknown', 'install', 'hold', 'deinstall', 'purge'] as const;
const STATUSES = [
  'not-installed',
  'config-files',
  'half-installed',
  'unpacked',
  'half-configured',
  'triggers-awaited',
  'triggers-pending',
  'installed',
] as const;
const ERROR_FLAGS = ['ok', 'reinstreq'];

const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]*(:[a-z0-9-]+)?$/;

/** One `dpkg-query -W` row before architecture qualifiers are resolved. */
interface PackageRow {
  name: string;
  qualified: string;
  fact: PackageFact;
}

/**
 * Parses the `packages` section together with the list times from
 * `dpkg-lists`. Rows of packages that are not installed and whose selection
 * is `unknown` or `purge` are left out. When a package is installed for several
 * architectures, the native (or `all`) one is kept.
 */
export function parsePackages(
  section: Section,
  listTimes: Map<string, number>,
  nativeArchitecture: string | null,
): Record<string, PackageFact> {
  const packages: Record<string, PackageFact> = {};
  for (const line of contentLines(section)) {
    const row = parsePackageRow(section, line);
    if (row.fact.status === 'not-installed' && (row.fact.want === 'unknown' || row.fact.want === 'purge')) {
      continue;
    }

    row.fact.unpackedAt = listTimes.get(row.qualified) ?? listTimes.get(row.name) ?? null;
    const existing = packages[row.name];
    if (!existing || preferArchitecture(row.fact, existing, nativeArchitecture)) {
      packages[row.name] = row.fact;
    }
  }

  return packages;
}

function preferArchitecture(candidate: PackageFact, existing: PackageFact, native: string | null): boolean {
  const isNative = (fact: PackageFact) => fact.architecture === native || fact.architecture === 'all';

  return isNative(candidate) && !isNative(existing);
}

function parsePackageRow(section: Section, line: Line): PackageRow {
  const fields = line.text.split('\t');
  const expected = 'NAME, VERSION, ARCHITECTURE and "WANT FLAG STATUS" separated by tabs';
  if (fields.length !== 4 || !PACKAGE_NAME.test(fields[0]) || /\s/.test(fields[1]) || /\s/.test(fields[2])) {
    return reject(section, line, expected);
  }

  const [want, flag, status] = fields[3].split(' ');
  if (
    !(WANTS as readonly string[]).includes(want) ||
    !ERROR_FLAGS.includes(flag) ||
    !(STATUSES as readonly string[]).includes(status) ||
    fields[3].split(' ').length !== 3
  ) {
    return reject(section, line, expected);
  }

  return {
    name: fields[0].replace(/:.*$/, ''),
    qualified: fields[0],
    fact: {
      version: fields[1],
      architecture: fields[2],
      want: want as PackageFact['want'],
      status: status as PackageFact['status'],
      reinstallRequired: flag === 'reinstreq',
      unpackedAt: null,
    },
  };
}

/** Parses `dpkg-lists`: `MTIME /var/lib/dpkg/info/NAME[:ARCH].list` into times by qualified name. */
export function parseListTimes(section: Section): Map<string, number> {
  const times = new Map<string, number>();
  for (const line of contentLines(section)) {
    const match = /^(\d+) \/var\/lib\/dpkg\/info\/([^/]+)\.list$/.exec(line.text);
    if (!match) {
      return reject(section, line, 'an mtime and a path under /var/lib/dpkg/info ending in .list');
    }
    times.set(match[2], readCount(section, line, match[1], 'an mtime in epoch seconds'));
  }

  return times;
}

/** Returns the names of packages whose dpkg selection is `hold`, sorted. */
export function heldPackages(packages: Record<string, PackageFact>): string[] {
  return Object.keys(packages)
    .filter((name) => packages[name].want === 'hold')
    .sort();
}

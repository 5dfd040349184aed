/**
 * The apt entries of a host as the apt checks read them. Every enabled
 * entry of every sources file in both formats becomes one record per URI
 * and suite, with its base release and its origin (Debian, PMG or third
 * party). The origin comes from the classifier of the plan's sources
 * rewrite, so a check and the plan agree on which entries the plan
 * switches.
 */
import type { Desired } from '../../config/desired.js';
import type { HostFacts } from '../../probe/facts.js';
import { aptReadFiles } from '../apt-read-files.js';
import type { AptEntry, AptParseProblem } from '../apt-sources.js';
import { baseSuite, parseAptSources } from '../apt-sources.js';
import type { Diagnostic } from '../model.js';
import type { EntryKind } from '../sources-classify.js';
import { classifyEntry, namesRelease } from '../sources-classify.js';

export type Origin = EntryKind;

/** One URI and suite of an enabled sources entry. */
export interface SourceRecord {
  entry: AptEntry;
  uri: string;
  suite: string;
  /** The release the suite belongs to: `bullseye` for `bullseye-security` or `debian-bullseye`. */
  base: string;
  origin: Origin;
}

/** Debian release codenames, oldest first. */
export const DEBIAN_CODENAMES = [
  'jessie',
  'stretch',
  'buster',
  'bullseye',
  'bookworm',
  'trixie',
  'forky',
  'sid',
];

/** Parses every sources file of the host, returning the enabled records and the lines that did not parse. */
export function aptRecords(
  facts: HostFacts,
  desired: Desired,
): {
  records: SourceRecord[];
  problems: AptParseProblem[];
} {
  const records: SourceRecord[] = [];
  const problems: AptParseProblem[] = [];

  for (const file of aptReadFiles(facts.apt.files)) {
    const parsed = parseAptSources(file.path, file.format, file.content);
    problems.push(...parsed.problems);
    for (const entry of parsed.entries.filter((candidate) => candidate.enabled)) {
      const origin = classifyEntry(entry, [desired.release.from, desired.release.codename]);
      for (const uri of entry.uris) {
        for (const suite of entry.suites) {
          records.push({
            entry,
            uri,
            suite,
            base: releaseOf(suite),
            origin,
          });
        }
      }
    }
  }

  return { records, problems };
}

/**
 * Returns the release a suite belongs to: the Debian codename after
 * stripping `-updates`, `-security`, `/updates` and the like, or for a
 * vendor suite the codename it names as a word (`debian-bookworm`,
 * `bullseye-pgdg`). Any other suite is returned stripped.
 */
export function releaseOf(suite: string): string {
  const base = baseSuite(suite);
  if (DEBIAN_CODENAMES.includes(base)) {
    return base;
  }

  return DEBIAN_CODENAMES.find((codename) => namesRelease(suite, codename)) ?? base;
}

/** Returns the location of an entry: file and line, plus the stanza for deb822 files. */
export function recordLocation(record: SourceRecord): NonNullable<Diagnostic['location']> {
  const { entry } = record;
  if (entry.stanza === null) {
    return { file: entry.file, line: entry.line };
  }

  return { file: entry.file, line: entry.suitesLine, stanza: entry.stanza };
}

/** Formats a location as `file:line` or `file:line (stanza N)`. */
export function formatLocation(record: SourceRecord): string {
  const location = recordLocation(record);

  return location.stanza === undefined
    ? `${location.file}:${location.line}`
    : `${location.file}:${location.line} (stanza ${location.stanza})`;
}

/** Returns whether the record is a binary (`deb`) entry, the kind installs come from. */
export function isBinary(record: SourceRecord): boolean {
  return record.entry.types.includes('deb');
}

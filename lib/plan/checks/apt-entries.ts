/**
 * The apt entries of a host as the apt checks see them: every enabled
 * entry of every sources file in both formats, one record per URI and
 * suite, with its base release and whether it is a Debian, PMG or
 * third-party repository.
 */
import type { HostFacts } from '../../probe/facts.js';
import type { AptEntry, AptParseProblem } from '../apt-sources.js';
import { baseSuite, parseAptSources } from '../apt-sources.js';
import type { Diagnostic } from '../model.js';

export type Origin = 'debian' | 'pmg' | 'third-party';

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

const DEBIAN_COMPONENTS = new Set(['main', 'contrib', 'non-free', 'non-free-firmware']);
const PMG_COMPONENTS = new Set(['pmg-enterprise', 'pmg-no-subscription', 'pmgtest', 'pmg-test']);

/** Parses every sources file of the host, returning the enabled records and the lines that did not parse. */
export function aptRecords(facts: HostFacts): {
  records: SourceRecord[];
  problems: AptParseProblem[];
} {
  const records: SourceRecord[] = [];
  const problems: AptParseProblem[] = [];

  for (const file of facts.apt.files) {
    const parsed = parseAptSources(file.path, file.format, file.content);
    problems.push(...parsed.problems);
    for (const entry of parsed.entries.filter((candidate) => candidate.enabled)) {
      for (const uri of entry.uris) {
        for (const suite of entry.suites) {
          records.push({
            entry,
            uri,
            suite,
            base: releaseOf(suite),
            origin: originOf(uri, entry.components),
          });
        }
      }
    }
  }

  return { records, problems };
}

/** Returns the release a suite belongs to, also for vendor suites named like `debian-bookworm`. */
export function releaseOf(suite: string): string {
  const base = baseSuite(suite);
  const vendor = /^debian-(.+)$/.exec(base);

  return vendor && DEBIAN_CODENAMES.includes(vendor[1]) ? vendor[1] : base;
}

/**
 * Classifies a repository. Debian: a debian.org host, or a mirror path
 * ending in `/debian` or `/debian-security` that carries only Debian
 * components (Docker's `/linux/debian` with `stable` is not Debian). PMG:
 * a Proxmox host under `/pmg`, or a PMG component.
 */
export function originOf(uri: string, components: string[]): Origin {
  const { host, path } = splitUri(uri);

  if (
    components.some((component) => PMG_COMPONENTS.has(component)) ||
    (host.endsWith('proxmox.com') && /\/pmg\/?$/.test(path))
  ) {
    return 'pmg';
  }
  if (host === 'debian.org' || host.endsWith('.debian.org')) {
    return 'debian';
  }

  const debianPath = /\/debian(-security|-archive)?\/?$/.test(path);
  const debianComponents =
    components.length > 0 && components.every((component) => DEBIAN_COMPONENTS.has(component));

  return debianPath && debianComponents && !host.endsWith('proxmox.com') ? 'debian' : 'third-party';
}

function splitUri(uri: string): { host: string; path: string } {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:]*)(?::\d+)?(\/.*)?$/i.exec(uri);

  return match ? { host: match[1].toLowerCase(), path: match[2] ?? '/' } : { host: '', path: uri };
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

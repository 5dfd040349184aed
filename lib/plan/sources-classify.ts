/**
 * Classification of apt entries (Debian, the PMG repository, or a third
 * party) and the mapping of their suites to the new release. The rewrite
 * switches only entries it recognises. Everything else follows the
 * operator's third-party policy.
 */
import type { AptEntry } from './apt-sources.js';
import { baseSuite } from './apt-sources.js';

export type EntryKind = 'debian' | 'pmg' | 'third-party';

export type PmgRepository = 'enterprise' | 'no-subscription' | 'test';

/** Component of each PMG repository; the test repository is `pmgtest` up to bookworm. */
export const PMG_COMPONENTS: Record<PmgRepository, string> = {
  enterprise: 'pmg-enterprise',
  'no-subscription': 'pmg-no-subscription',
  test: 'pmgtest',
};

/** Proxmox's own URIs of the PMG repositories, used when the host has no PMG entry to copy. */
export const OFFICIAL_PMG_URIS = {
  enterprise: 'https://enterprise.proxmox.com/debian/pmg',
  download: 'http://download.proxmox.com/debian/pmg',
};

const DEBIAN_COMPONENTS = new Set(['main', 'contrib', 'non-free', 'non-free-firmware']);

interface UriParts {
  host: string;
  path: string;
}

/** Splits a URI into host and path, dropping scheme, credentials, port and trailing slashes. */
export function uriParts(uri: string): UriParts {
  const match = /^[a-z][a-z0-9+.-]*:(?:\/\/([^/]*))?(.*)$/i.exec(uri);
  if (!match) {
    return { host: '', path: uri.replace(/\/+$/, '') };
  }

  const authority = (match[1] ?? '').replace(/^.*@/, '').replace(/:\d+$/, '').toLowerCase();

  return { host: authority, path: match[2].replace(/\/+$/, '') };
}

/** Returns a URI without credentials and trailing slashes, with scheme and host in lower case, for comparison. */
export function normalizeUri(uri: string): string {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(?:[^/@]*@)?([^/]*)(.*)$/i.exec(uri);
  if (!match) {
    return uri.replace(/\/+$/, '');
  }

  return `${match[1].toLowerCase()}://${match[2].toLowerCase()}${match[3].replace(/\/+$/, '')}`;
}

function isDebianHost(host: string): boolean {
  return (
    host === 'deb.debian.org' ||
    host.endsWith('.deb.debian.org') ||
    host === 'security.debian.org' ||
    host === 'ftp.debian.org' ||
    /^ftp\d*\.[a-z]{2}\.debian\.org$/.test(host)
  );
}

/** A suite of the old or new Debian release: `bullseye`, `bookworm-updates`, `bullseye/updates`, … */
export function isDebianSuite(suite: string, codenames: readonly string[]): boolean {
  return codenames.includes(baseSuite(suite)) && /^[a-z]+([-/][a-z-]+)?$/.test(suite);
}

function isPmgUri(uri: string): boolean {
  return uriParts(uri).path.endsWith('/debian/pmg');
}

export function isPmgComponent(component: string): boolean {
  return Object.values(PMG_COMPONENTS).includes(component);
}

/**
 * Classifies an entry. Debian: every URI is on a Debian host, or its path
 * ends in `/debian` or `/debian-security` while the suites are Debian
 * release suites and the components Debian's own (this keeps third-party
 * repositories laid out like Debian, such as Docker's, out). PMG: a URI path
 * ending in `/debian/pmg`, or a PMG component.
 */
export function classifyEntry(entry: AptEntry, codenames: readonly string[]): EntryKind {
  if (entry.uris.some(isPmgUri) || entry.components.some(isPmgComponent)) {
    return 'pmg';
  }

  const debianLayout =
    entry.suites.every((suite) => isDebianSuite(suite, codenames)) &&
    entry.components.every((component) => DEBIAN_COMPONENTS.has(component));
  const debian = entry.uris.every((uri) => {
    const { host, path } = uriParts(uri);

    return isDebianHost(host) || (debianLayout && /\/debian(-security)?$/.test(path));
  });

  return debian ? 'debian' : 'third-party';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The codename as a word inside a suite: `bullseye`, `debian-bullseye`, `bullseye_main`. */
function codenamePattern(codename: string): RegExp {
  return new RegExp(`(^|[-_/.])${escapeRegExp(codename)}(?=$|[-_/.])`);
}

/** Returns whether a third-party suite names the release, as a word of the suite. */
export function namesRelease(suite: string, codename: string): boolean {
  return codenamePattern(codename).test(suite);
}

/** Replaces the release's codename in a third-party suite with the new one. */
export function renameRelease(suite: string, from: string, to: string): string {
  return suite.replace(codenamePattern(from), (_match, prefix: string) => `${prefix}${to}`);
}

/**
 * Returns the new-release suite for a Debian suite of the old release:
 * `bullseye/updates` (the old security layout) becomes `bookworm-security`,
 * every other suite keeps its suffix. Returns null for a suite of another
 * release.
 */
export function debianTargetSuite(suite: string, from: string, to: string): string | null {
  if (baseSuite(suite) !== from) {
    return null;
  }
  if (suite === `${from}/updates`) {
    return `${to}-security`;
  }

  return to + suite.slice(from.length);
}

export function isBackportsSuite(suite: string): boolean {
  return /-backports(-sloppy)?$/.test(suite);
}

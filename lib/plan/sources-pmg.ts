/**
 * The choice of the PMG entry the host keeps, with its URI and component. A
 * host should end with exactly one enabled PMG entry: the one for
 * `apt.pmg_repository`, on the new release.
 */
import type { Desired } from '../config/desired.js';
import type { AptEntry } from './apt-sources.js';
import {
  normalizeUri,
  OFFICIAL_PMG_URIS,
  PMG_COMPONENTS,
  uriParts,
  type PmgRepository,
} from './sources-classify.js';

/** The file a missing PMG entry is added to. */
export const PMG_LIST_PATH = '/etc/apt/sources.list.d/pmg.list';

export interface PmgResolution {
  /** The entry that stays, edited to the new suite and component; null when none stays. */
  keep: AptEntry | null;
  /** Further PMG entries, disabled so the host has one PMG entry. */
  disable: AptEntry[];
  /** A new entry appended to PMG_LIST_PATH, when no existing entry can stay. */
  append: { uri: string; suite: string; component: string } | null;
  uri: string;
  component: string;
}

/** Returns the official URI of the repository kind, for a host without a PMG entry to copy. */
function officialUri(repository: PmgRepository): string {
  return repository === 'enterprise' ? OFFICIAL_PMG_URIS.enterprise : OFFICIAL_PMG_URIS.download;
}

/**
 * Returns the default URI: the existing entry's, unless it is Proxmox's own
 * host of the other repository kind. The enterprise host serves only the
 * enterprise repository, so a switch between kinds takes the official URI.
 */
function defaultUri(existing: AptEntry | undefined, repository: PmgRepository): string {
  if (existing === undefined) {
    return officialUri(repository);
  }

  const current = existing.uris[0];
  const host = uriParts(current).host;
  const enterpriseHost = uriParts(OFFICIAL_PMG_URIS.enterprise).host;
  const downloadHost = uriParts(OFFICIAL_PMG_URIS.download).host;
  if ((host === enterpriseHost && repository !== 'enterprise') || (host === downloadHost && repository === 'enterprise')) {
    return officialUri(repository);
  }

  return current;
}

/**
 * Chooses the PMG entry to keep among the enabled `deb` PMG entries: the
 * first with the desired component, else the first. A URI that differs from
 * the desired one cannot be edited in place, so that entry is disabled and a
 * new one appended.
 */
export function resolvePmgEntries(pmgEntries: readonly AptEntry[], desired: Desired): PmgResolution {
  const repository = desired.apt.pmg_repository as PmgRepository;
  const component = PMG_COMPONENTS[repository];
  const preferred = pmgEntries.find((entry) => entry.components.includes(component)) ?? pmgEntries[0];
  const uri = desired.apt.pmg_uri ?? defaultUri(preferred, repository);
  const others = pmgEntries.filter((entry) => entry !== preferred);
  const suite = desired.release.codename;

  if (preferred === undefined) {
    return { keep: null, disable: [], append: { uri, suite, component }, uri, component };
  }
  if (normalizeUri(preferred.uris[0]) !== normalizeUri(uri)) {
    return { keep: null, disable: [preferred, ...others], append: { uri, suite, component }, uri, component };
  }

  return { keep: preferred, disable: others, append: null, uri, component };
}

/**
 * The decision for each enabled apt entry: nothing, disable it, switch its
 * suites and components, or stop the plan (third-party entries under the
 * `stop` policy). Decisions are made for `deb` entries. A one-line `deb-src`
 * entry copies the decision of its `deb` twin (same file, URI and suite),
 * and is judged on its own only when it has none.
 */
import type { Desired } from '../config/desired.js';
import { baseSuite, type AptEntry } from './apt-sources.js';
import {
  classifyEntry,
  debianTargetSuite,
  isBackportsSuite,
  isDebianSuite,
  isPmgComponent,
  namesRelease,
  normalizeUri,
  renameRelease,
} from './sources-classify.js';
import type { PmgResolution } from './sources-pmg.js';

export interface SuiteChange {
  from: string;
  to: string;
}

export type Decision =
  | { kind: 'none' }
  | { kind: 'disable'; why: string }
  | { kind: 'stop' }
  | {
      kind: 'edit';
      suites: SuiteChange[];
      component: SuiteChange | null;
      addComponents: string[];
      why: string;
    }
  /** A stanza mixing backports with other suites cannot lose only its backports suite. */
  | { kind: 'shared-backports' };

const NONE: Decision = { kind: 'none' };

function edit(fields: Partial<Extract<Decision, { kind: 'edit' }>> & { why: string }): Decision {
  const decision = { kind: 'edit' as const, suites: [], component: null, addComponents: [], ...fields };
  const empty = decision.suites.length === 0 && decision.component === null && decision.addComponents.length === 0;

  return empty ? NONE : decision;
}

function decideDebian(entry: AptEntry, desired: Desired): Decision {
  const from = desired.release.from;
  const to = desired.release.codename;
  if (!entry.suites.every((suite) => isDebianSuite(suite, [from, to]))) {
    return NONE;
  }

  const backports = entry.suites.filter((suite) => baseIsOld(suite, from) && isBackportsSuite(suite));
  if (backports.length > 0 && desired.apt.backports === 'disable') {
    if (backports.length === entry.suites.length) {
      return { kind: 'disable', why: `apt.backports is "disable" and the entry uses ${backports.join(', ')}` };
    }
    return { kind: 'shared-backports' };
  }

  const suites: SuiteChange[] = [];
  for (const suite of entry.suites) {
    const target = debianTargetSuite(suite, from, to);
    if (target !== null) {
      suites.push({ from: suite, to: target });
    }
  }
  const wantsFirmware =
    desired.apt.non_free_firmware && entry.components.includes('non-free') && !entry.components.includes('non-free-firmware');

  return edit({
    suites,
    addComponents: wantsFirmware ? ['non-free-firmware'] : [],
    why: `Debian entry switched to ${to}`,
  });
}

function baseIsOld(suite: string, from: string): boolean {
  return baseSuite(suite) === from;
}

function decideThirdParty(entry: AptEntry, desired: Desired): Decision {
  const from = desired.release.from;
  const old = entry.suites.filter((suite) => namesRelease(suite, from));
  if (old.length === 0) {
    return NONE;
  }

  switch (desired.apt.third_party) {
    case 'stop':
      return { kind: 'stop' };
    case 'disable':
      return { kind: 'disable', why: `apt.third_party is "disable" and the entry names ${from}` };
    case 'rewrite':
      return edit({
        suites: old.map((suite) => ({ from: suite, to: renameRelease(suite, from, desired.release.codename) })),
        why: `apt.third_party is "rewrite"`,
      });
    case 'keep':
      return NONE;
  }
}

/** Decides the edits of the PMG entry that stays: new suite, and the desired component in place of its PMG component. */
function decideKeptPmg(entry: AptEntry, desired: Desired, component: string): Decision {
  const from = desired.release.from;
  const suites = entry.suites
    .filter((suite) => suite === from)
    .map((suite) => ({ from: suite, to: desired.release.codename }));
  const current = entry.components.find(isPmgComponent) ?? entry.components[0];
  const replace = current !== undefined && current !== component ? { from: current, to: component } : null;

  return edit({ suites, component: replace, why: `PMG entry switched to ${desired.release.codename} ${component}` });
}

function decidePmg(entry: AptEntry, desired: Desired, pmg: PmgResolution): Decision {
  if (pmg.disable.includes(entry)) {
    const why = pmg.keep === null ? `the PMG repository moves to ${pmg.uri}` : 'the host keeps one PMG entry';
    return { kind: 'disable', why };
  }

  return decideKeptPmg(entry, desired, pmg.component);
}

/** Decides what to do with one enabled `deb` entry (or a `deb-src` entry without a twin). */
export function decideEntry(entry: AptEntry, desired: Desired, pmg: PmgResolution): Decision {
  const kind = classifyEntry(entry, [desired.release.from, desired.release.codename]);
  if (kind === 'pmg') {
    return decidePmg(entry, desired, pmg);
  }

  return kind === 'debian' ? decideDebian(entry, desired) : decideThirdParty(entry, desired);
}

/** Finds the enabled `deb` entry a one-line `deb-src` entry mirrors: same file, URI and suites. */
export function debTwin(entry: AptEntry, entries: readonly AptEntry[]): AptEntry | undefined {
  if (entry.format !== 'list' || entry.types[0] !== 'deb-src') {
    return undefined;
  }

  return entries.find(
    (other) =>
      other.enabled &&
      other.file === entry.file &&
      other.types.includes('deb') &&
      normalizeUri(other.uris[0]) === normalizeUri(entry.uris[0]) &&
      other.suites[0] === entry.suites[0],
  );
}

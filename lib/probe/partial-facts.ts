/**
 * Probes that leave out slow sections. Only a fixed set of sections can be
 * skipped, and a skipped section makes the facts it feeds `null`: "not
 * probed", which no reader can take for "nothing there".
 */
import { InternalError } from '../errors.js';
import type { AptFacts, AptSimulation, ConffileFact, HostFacts } from './facts.js';

/** Sections of probe.sh a caller may skip: `apt-get -s dist-upgrade` and the md5 sums of every conffile. */
export const SKIPPABLE_SECTIONS = ['apt-simulate', 'conffile-md5'] as const;

export type SkippableSection = (typeof SKIPPABLE_SECTIONS)[number];

/**
 * Facts of a probe that may have skipped sections. `conffiles` is null when
 * `conffile-md5` was skipped, and `apt.pending` when `apt-simulate` was.
 * Unlike elsewhere in the facts, null here means "not probed". A HostFacts
 * is a ProbedFacts with nothing skipped.
 */
export interface ProbedFacts extends Omit<HostFacts, 'conffiles' | 'apt'> {
  conffiles: ConffileFact[] | null;
  apt: Omit<AptFacts, 'pending'> & { pending: AptSimulation | null };
}

export function isSkippableSection(name: string): name is SkippableSection {
  return (SKIPPABLE_SECTIONS as readonly string[]).includes(name);
}

/** Returns the sections the probe behind `facts` skipped, in SKIPPABLE_SECTIONS order. */
export function skippedSections(facts: ProbedFacts): SkippableSection[] {
  const skipped: SkippableSection[] = [];
  if (facts.apt.pending === null) {
    skipped.push('apt-simulate');
  }
  if (facts.conffiles === null) {
    skipped.push('conffile-md5');
  }

  return skipped;
}

/**
 * Returns the skippable section a fact key reads, or null when every probe
 * reads it. Keys are those of lib/planfile/fact-key.ts: `conffiles[PATH]`,
 * `apt.pending`, and so on.
 */
export function sectionOfFactKey(key: string): SkippableSection | null {
  if (key === 'conffiles' || key.startsWith('conffiles[')) {
    return 'conffile-md5';
  }
  if (key === 'apt' || key === 'apt.pending' || key.startsWith('apt.pending.') || key.startsWith('apt.pending[')) {
    return 'apt-simulate';
  }

  return null;
}

/** Returns `facts` as HostFacts; throws InternalError when the probe skipped a section. */
export function requireFullFacts(facts: ProbedFacts): HostFacts {
  const { conffiles } = facts;
  const { pending } = facts.apt;
  if (conffiles === null || pending === null) {
    throw new InternalError(`full probe facts are needed, but the probe skipped ${skippedSections(facts).join(', ')}`);
  }

  return { ...facts, conffiles, apt: { ...facts.apt, pending } };
}

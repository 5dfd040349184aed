/**
 * The slow probe sections the re-probe after an action leaves out. That
 * probe feeds three readers: the action's effect check, the next action's
 * effect check (as its `before` facts), and the checkpoint. A section runs
 * when one of its readers needs it, and is skipped otherwise, because
 * `apt-get -s dist-upgrade` alone takes seconds and most of these probes
 * fall in the mail downtime. The stale-plan check before the first action
 * and the `verify` step keep the full probe.
 */
import type { Action, HostPlan, StepKind } from '../plan/model.js';
import { sectionOfFactKey, SKIPPABLE_SECTIONS, type SkippableSection } from '../probe/partial-facts.js';

/** Sections the effect check of each kind reads from its `after` facts. */
const AFTER_READS: Partial<Record<StepKind, readonly SkippableSection[]>> = {
  'download-packages': ['apt-simulate'],
  'resolve-conffiles': ['conffile-md5'],
  verify: SKIPPABLE_SECTIONS,
};

/** Sections the effect check of each kind reads from its `before` facts: the probe after the previous action. */
export const BEFORE_READS: Partial<Record<StepKind, readonly SkippableSection[]>> = {
  'resolve-conffiles': ['conffile-md5'],
};

/**
 * Kinds that can change what a section reports. Packages, package lists and
 * apt sources change what apt would upgrade; packages and the conffile step
 * change conffiles and their checksums.
 */
const CHANGED_BY: Record<SkippableSection, readonly StepKind[]> = {
  'apt-simulate': [
    'repair-dpkg',
    'edit-apt-sources',
    'remove-packages',
    'apt-update',
    'download-packages',
    'early-upgrade',
    'dist-upgrade',
    'purge-packages',
  ],
  'conffile-md5': ['repair-dpkg', 'remove-packages', 'early-upgrade', 'dist-upgrade', 'resolve-conffiles', 'purge-packages'],
};

/**
 * Tells whether the checkpoint after `action` needs `section` afresh. It
 * does when the host's plan fingerprints a fact of the section and the
 * action can change that fact or names it among its own fingerprint keys.
 * Otherwise the checkpoint keeps the previous fingerprints (see checkpointOf).
 */
function checkpointNeeds(section: SkippableSection, action: Action, hostPlan: HostPlan): boolean {
  const fingerprinted = Object.keys(hostPlan.fingerprints).some((key) => sectionOfFactKey(key) === section);
  if (!fingerprinted) {
    return false;
  }

  return CHANGED_BY[section].includes(action.step.kind) || action.fingerprintKeys.some((key) => sectionOfFactKey(key) === section);
}

/**
 * Returns the sections the probe after `action` skips. `next` is the host's
 * next action in plan order, whose check reads this probe as its `before`.
 */
export function sectionsToSkip(action: Action, hostPlan: HostPlan, next: Action | undefined): SkippableSection[] {
  const needed = new Set<SkippableSection>([...(AFTER_READS[action.step.kind] ?? []), ...(next === undefined ? [] : (BEFORE_READS[next.step.kind] ?? []))]);

  return SKIPPABLE_SECTIONS.filter((section) => !needed.has(section) && !checkpointNeeds(section, action, hostPlan));
}

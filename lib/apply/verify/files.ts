/** Effect checks of the steps that write files. */
import type { StepOf } from '../../plan/model.js';
import { linkFilePath } from '../commands/pin-interface-names.js';
import type { EffectContext, Mismatch } from './context.js';

function compareSha(path: string, actual: string | undefined, context: EffectContext): Mismatch[] {
  if (actual === undefined) {
    return [`${path} is not among the files the probe reports`];
  }

  return context.writtenSha256 === null || actual === context.writtenSha256
    ? []
    : [`${path} has sha256 ${actual}, not the ${context.writtenSha256} apply wrote`];
}

export function checkEditAptSources(step: StepOf<'edit-apt-sources'>, context: EffectContext): Mismatch[] {
  const file = context.after.apt.files.find((item) => item.path === step.path);

  return compareSha(step.path, file?.sha256, context);
}

export function checkFixTemplate(step: StepOf<'fix-template'>, context: EffectContext): Mismatch[] {
  const override = context.after.pmg.templateOverrides.find((item) => item.override.path === step.path);

  return compareSha(step.path, override?.override.sha256, context);
}

export function checkPinInterfaceNames(step: StepOf<'pin-interface-names'>, context: EffectContext): Mismatch[] {
  const present = context.after.network.linkFiles;

  return step.links
    .map((link) => linkFilePath(link.name))
    .filter((path) => !present.some((file) => file === path || path.endsWith(`/${file}`)))
    .map((path) => `${path} is missing from /etc/systemd/network`);
}

/**
 * Files answered `maintainer` carry the checksum dpkg recorded for the new
 * version; files kept are as they were before. Files dpkg does not track
 * (ucf manages sshd_config on bookworm) have no conffile fact to compare.
 */
export function checkResolveConffiles(_step: StepOf<'resolve-conffiles'>, context: EffectContext): Mismatch[] {
  const afterFacts = context.after.conffiles;
  const beforeFacts = context.before.conffiles;
  if (afterFacts === null || beforeFacts === null) {
    const when = afterFacts === null ? 'after this step' : 'before this step';
    return [`the probe ${when} skipped the conffile checksums, so the configuration files cannot be checked`];
  }

  return context.conffileOutcomes.flatMap((outcome) => {
    const after = afterFacts.find((item) => item.path === outcome.path);
    const before = beforeFacts.find((item) => item.path === outcome.path);
    if (after === undefined) {
      return [];
    }
    if (outcome.outcome === 'installed-maintainer' && after.currentMd5 !== after.recordedMd5) {
      return [`${outcome.path} has md5 ${after.currentMd5}, not the maintainer's ${after.recordedMd5}`];
    }
    if ((outcome.outcome === 'kept' || outcome.outcome === 'unchanged') && before && after.currentMd5 !== before.currentMd5) {
      return [`${outcome.path} changed (md5 ${before.currentMd5} → ${after.currentMd5}) although it was to be kept`];
    }

    return [];
  });
}

/** Checks that the override is gone from /etc/pmg/templates and that its copy has the planned checksum. */
export function checkRemoveTemplateOverride(step: StepOf<'remove-template-override'>, context: EffectContext): Mismatch[] {
  const overrides = context.after.pmg.templateOverrides;
  const problems: Mismatch[] = [];
  if (overrides.some((item) => item.override.path === step.path)) {
    problems.push(`${step.path} is still in place`);
  }

  // The probe lists every file in /etc/pmg/templates, so a copy kept there shows up too.
  const moved = overrides.find((item) => item.override.path === step.movedTo);
  if (step.movedTo.startsWith('/etc/pmg/templates/') && moved?.override.sha256 !== step.beforeSha256) {
    problems.push(`${step.movedTo} does not hold the override (sha256 ${moved?.override.sha256 ?? 'missing'})`);
  }

  return problems;
}

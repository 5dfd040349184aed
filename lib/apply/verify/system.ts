/** Effect checks of the steps that act on the whole host: backup, package lists, reboot, final verify. */
import { parseAptSources } from '../../plan/apt-sources.js';
import { missingLists } from '../../plan/apt-lists.js';
import type { StepOf } from '../../plan/model.js';
import type { EffectContext, Mismatch } from './context.js';
import { dpkgProblems } from './packages.js';
import { databaseOnTarget } from './postgres.js';

/** systemd states of a host that finished booting. */
const BOOTED_STATES = ['running', 'degraded'];

export function checkBackup(_step: StepOf<'backup'>, context: EffectContext): Mismatch[] {
  const path = context.backupPath;
  if (path === null) {
    return ['pmgbackup reported no archive'];
  }

  return context.after.pmg.backups.some((backup) => backup.path === path && backup.sizeBytes > 0)
    ? []
    : [`the archive ${path} is missing from /var/lib/pmg/backup or empty`];
}

export function checkAptUpdate(_step: StepOf<'apt-update'>, context: EffectContext): Mismatch[] {
  const entries = context.after.apt.files.flatMap((file) => parseAptSources(file.path, file.format, file.content).entries);
  const missing = missingLists(entries, context.after.apt.listedSuites);

  return missing.length === 0 ? [] : [`apt has no package lists for: ${missing.join(', ')}`];
}

export function checkReboot(step: StepOf<'reboot'>, context: EffectContext): Mismatch[] {
  const { after, reboot } = context;
  const problems: Mismatch[] = [];
  if (reboot === null || reboot.bootIdAfter === reboot.bootIdBefore) {
    problems.push(`the boot id did not change (${reboot?.bootIdBefore ?? 'unknown'}): the host did not reboot`);
  }
  if (after.os.codename !== step.expectCodename) {
    problems.push(`the host came back on ${after.os.codename || 'an unknown release'}, not ${step.expectCodename}`);
  }
  if (!BOOTED_STATES.includes(after.system.state)) {
    problems.push(`systemd reports the system ${after.system.state}, not running`);
  }

  return problems;
}

/** The final check: dpkg settled, the database on the target major, and nothing left to do. */
export function checkVerify(_step: StepOf<'verify'>, context: EffectContext): Mismatch[] {
  const remaining = (context.remaining ?? []).map((item) => `still differs from the desired state: ${item}`);

  return [...dpkgProblems(context.after), ...databaseOnTarget(context), ...remaining];
}

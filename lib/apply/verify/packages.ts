/** Effect checks of the package steps, read from `packages[...]` and `dpkg` in the facts. */
import { majorOf } from '../../plan/debversion.js';
import type { StepOf } from '../../plan/model.js';
import { matchesPattern } from '../../plan/downtime-early.js';
import { metaPackageVersion } from '../../plan/phase.js';
import type { HostFacts } from '../../probe/facts.js';
import type { ProbedFacts } from '../../probe/partial-facts.js';
import type { EffectContext, Mismatch } from './context.js';

/** PMG major that runs on each Debian release. */
export const PMG_MAJOR_OF_CODENAME: Readonly<Record<string, number>> = { bullseye: 7, bookworm: 8 };

function gone(facts: ProbedFacts, name: string, allowConfigFiles: boolean): boolean {
  const fact = facts.packages[name];

  return fact === undefined || fact.status === 'not-installed' || (allowConfigFiles && fact.status === 'config-files');
}

function leftOver(facts: ProbedFacts, packages: readonly string[], allowConfigFiles: boolean): Mismatch[] {
  return packages
    .filter((name) => !gone(facts, name, allowConfigFiles))
    .map((name) => `${name} is still ${facts.packages[name]!.status} (version ${facts.packages[name]!.version})`);
}

/** Returns what dpkg reports as unfinished: an interrupted run, audit lines, packages half set up. */
export function dpkgProblems(facts: ProbedFacts): Mismatch[] {
  const problems: Mismatch[] = [];
  if (facts.dpkg.interrupted) {
    problems.push('dpkg reports an interrupted run (/var/lib/dpkg/updates is not empty)');
  }
  if (facts.dpkg.auditLines.length > 0) {
    problems.push(`dpkg --audit reports: ${facts.dpkg.auditLines.slice(0, 5).join(' | ')}`);
  }

  const unsettled = Object.entries(facts.packages)
    .filter(([, fact]) => !['installed', 'not-installed', 'config-files'].includes(fact.status))
    .map(([name, fact]) => `${name} (${fact.status})`);
  if (unsettled.length > 0) {
    problems.push(`packages not fully installed: ${unsettled.slice(0, 10).join(', ')}`);
  }

  return problems;
}

export function checkRemovePackages(step: StepOf<'remove-packages'>, context: EffectContext): Mismatch[] {
  return leftOver(context.after, step.packages, true);
}

export function checkPurgePackages(step: StepOf<'purge-packages'>, context: EffectContext): Mismatch[] {
  return leftOver(context.after, step.packages, false);
}

export function checkRepairDpkg(_step: StepOf<'repair-dpkg'>, context: EffectContext): Mismatch[] {
  return dpkgProblems(context.after);
}

/** After the dist-upgrade: the new release, the PMG major of that release, and dpkg settled. */
export function checkDistUpgrade(_step: StepOf<'dist-upgrade'>, context: EffectContext): Mismatch[] {
  const { after, targetCodename } = context;
  const problems = dpkgProblems(after);
  if (targetCodename !== null && after.os.codename !== targetCodename) {
    problems.push(`the host runs ${after.os.codename || 'an unknown release'}, not ${targetCodename}`);
  }

  const expectedMajor = PMG_MAJOR_OF_CODENAME[targetCodename ?? after.os.codename];
  // metaPackageVersion reads only `packages`, which every probe reports.
  const meta = metaPackageVersion(after as HostFacts);
  const major = meta === null ? null : majorOf(meta);
  if (expectedMajor !== undefined && (major === null || major < expectedMajor)) {
    problems.push(`the PMG meta-package is ${meta ?? 'not installed'}, not version ${expectedMajor} or newer`);
  }

  return problems;
}

/** The simulation of the upgrade still works, so the packages it needs were found. */
export function checkDownloadPackages(_step: StepOf<'download-packages'>, context: EffectContext): Mismatch[] {
  const pending = context.after.apt.pending;
  if (pending === null) {
    return ['the probe after the download skipped apt-get -s dist-upgrade, so the download cannot be checked'];
  }

  return pending.error === null ? [] : [`apt-get -s dist-upgrade fails after the download: ${pending.error}`];
}

/** Checks that dpkg settled and that no held package changed its version. */
export function checkEarlyUpgrade(step: StepOf<'early-upgrade'>, context: EffectContext): Mismatch[] {
  const { before, after } = context;
  const changed = Object.entries(before.packages)
    .filter(([name, fact]) => step.hold.some((pattern) => matchesPattern(name, pattern)) && after.packages[name]?.version !== fact.version)
    .map(([name, fact]) => `held package ${name} changed from ${fact.version} to ${after.packages[name]?.version ?? 'not installed'}`);

  return [...dpkgProblems(after), ...changed];
}

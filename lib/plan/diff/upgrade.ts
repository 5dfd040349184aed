/**
 * The package upgrade: download-packages, dist-upgrade and
 * resolve-conffiles, with the conffile answers dpkg gets during the upgrade.
 */
import { aptReadFiles } from '../apt-read-files.js';
import { isInstalled, isMasked, type Finding, type PlanContext } from '../context.js';
import type { ConffileOutcome } from '../conffiles.js';
import { conffileDiffs } from '../conffiles-diff.js';
import { conffileChanges, predictionFindings, resolveDraft, stopFindings } from '../conffiles-plan.js';
import { predictConffiles } from '../conffiles-predict.js';
import { planEarlyUpgrade } from '../downtime-early.js';
import { versionAtLeast } from '../debversion.js';
import { draft, reason, type Draft } from '../draft.js';
import { factKey } from '../fact-keys.js';
import type { FileDiff, Reason } from '../model.js';
import { rewriteSources } from '../sources-rewrite.js';
import { stepSlug } from '../stages.js';
import { planTemplateRemovals, templateDecisions, templateDiff } from './templates-policy.js';

export interface UpgradeNeed {
  needed: boolean;
  reason: Reason | null;
  /** The host stopped in the middle of the upgrade with packages still pending. */
  resuming: boolean;
}

/** Returns the `packages.minimum` entries that are missing or too old, as `name version<minimum`. */
function packagesBelowMinimum(context: PlanContext): string[] {
  return Object.entries(context.desired.packages.minimum).flatMap(([name, minimum]) => {
    const fact = context.facts.packages[name];
    if (!isInstalled(fact)) {
      return [`${name} missing (needs ${minimum})`];
    }
    return versionAtLeast(fact.version, minimum) ? [] : [`${name} ${fact.version} < ${minimum}`];
  });
}

/**
 * Decides whether the dist-upgrade is needed. It is when the host is on
 * another release or a required package is missing or too old. It is also
 * needed when the host stopped mid-upgrade (a stop unit masked or dpkg
 * broken) and packages are still pending from sources that are final.
 */
export function upgradeNeed(context: PlanContext, repairPlanned: boolean, sourcesFinal: boolean): UpgradeNeed {
  const { facts, desired } = context;
  const target = desired.release.codename;
  if (facts.os.codename !== target) {
    const text = `The host runs Debian ${facts.os.codename} and must run ${target}.`;
    return { needed: true, reason: reason('release.codename', target, facts.os.codename, text), resuming: false };
  }

  const below = packagesBelowMinimum(context);
  if (below.length > 0) {
    const text = `Required packages are missing or too old: ${below.join(', ')}.`;
    return { needed: true, reason: reason('packages.minimum', 'every package at its minimum', below.join(', '), text), resuming: false };
  }

  const midUpgrade = repairPlanned || context.stopUnits.some((unit) => isMasked(facts.units[unit]));
  const pending = facts.apt.pending.install;
  if (midUpgrade && pending.length > 0 && sourcesFinal) {
    const text = `The upgrade stopped part way: ${pending.length} packages are still to be installed from the ${target} sources.`;
    return { needed: true, reason: reason('procedure: apt dist-upgrade', 'no pending upgrades', `${pending.length} pending`, text), resuming: true };
  }

  return { needed: false, reason: null, resuming: false };
}

function downloadDraft(need: UpgradeNeed): Draft {
  return draft({
    stage: 'download-packages',
    slug: stepSlug('download-packages'),
    step: { kind: 'download-packages' },
    reason: reason(
      need.reason!.attribute,
      need.reason!.desired,
      need.reason!.actual,
      'The dist-upgrade is needed; downloading first means a failed download stops no service and the download time is not mail downtime.',
    ),
    fingerprintKeys: ['os.codename'],
  });
}

/** The conffile answers of the dist-upgrade, whether they come from a simulation, and their diffs. */
interface Questions {
  outcomes: ConffileOutcome[];
  simulated: boolean;
  diffs: FileDiff[];
}

function distUpgradeDraft(context: PlanContext, need: UpgradeNeed, questions: Questions, skipMainCluster: boolean): Draft {
  const { outcomes } = questions;
  const { facts, desired } = context;
  const watched = ['proxmox-mailgateway', 'pmg-api', ...Object.keys(desired.packages.minimum)];
  const changes = [...new Set(watched)].map((name) => ({
    subject: name,
    before: isInstalled(facts.packages[name]) ? facts.packages[name].version : null,
    after: desired.packages.minimum[name] === undefined ? 'upgraded' : `>= ${desired.packages.minimum[name]}`,
  }));

  return draft({
    stage: 'dist-upgrade',
    slug: stepSlug('dist-upgrade'),
    step: {
      kind: 'dist-upgrade',
      conffileDefault: desired.conffiles.default,
      conffiles: outcomes.map((outcome) => ({ path: outcome.path, answer: outcome.answer! })),
      skipMainCluster,
    },
    reason: need.reason!,
    changes: [{ subject: 'release', before: facts.os.codename, after: desired.release.codename }, ...changes, ...conffileChanges(outcomes, questions.simulated)],
    fileDiffs: questions.diffs,
    destructive: true,
    fingerprintKeys: [
      'os.codename',
      ...[...new Set(watched)].map(factKey.package),
      ...context.stopUnits.map(factKey.unit),
      ...aptReadFiles(facts.apt.files).map((file) => factKey.aptFile(file.path)),
      ...outcomes.map((outcome) => factKey.conffile(outcome.path)),
      ...(need.resuming ? ['apt.pending'] : []),
      ...(skipMainCluster ? [factKey.package(`postgresql-${desired.postgresql.major}`), 'postgres.createclusterConf', 'postgres.createclusterDropIns'] : []),
    ],
  });
}

/** Paths a plan can name: the plan schema's `absolutePath` (no spaces, quotes or shell characters). */
const PLAN_PATH = /^\/[A-Za-z0-9._\/@+-]{1,4095}$/;

function unnamedFindings(context: PlanContext, outcomes: ConffileOutcome[]): Finding[] {
  return outcomes.map((outcome) => ({
    code: 'conffile-path-unsupported',
    severity: 'warning' as const,
    subject: outcome.package,
    message: `dpkg may ask about ${JSON.stringify(outcome.path)}, which the plan cannot name because of the characters in its path, so it gets conffiles.default ("${context.desired.conffiles.default}").`,
    fix: 'Rename the file if it is yours, or check the result after the upgrade.',
  }));
}

export interface UpgradePlan {
  drafts: Draft[];
  findings: Finding[];
}

/** Returns the planned content of the sources files this plan edits, which dpkg sees instead of the files on disk. */
function plannedContents(context: PlanContext, editedPaths: ReadonlySet<string>): Map<string, string> {
  const files = rewriteSources(aptReadFiles(context.facts.apt.files), context.desired).files.filter((file) => editedPaths.has(file.path));

  return new Map(files.map((file) => [file.path, file.after]));
}

/**
 * Plans the upgrade steps. `editedPaths` are files this plan edits before
 * the upgrade, which dpkg will then see as changed locally. When the
 * dist-upgrade already ran but the services are still masked, only the
 * conffile resolution is planned again.
 */
// NOTE: facts do not list `.dpkg-dist` files, so a resumed resolve-conffiles
// is predicted from locally changed conffiles; apply skips a file without one.
export function planUpgrade(context: PlanContext, need: UpgradeNeed, editedPaths: ReadonlySet<string>, skipMainCluster = false): UpgradePlan {
  const planned = plannedContents(context, editedPaths);
  const prediction = predictConffiles(context.facts, context.desired, planned);
  const outcomes = prediction.outcomes.filter((outcome) => PLAN_PATH.test(outcome.path));
  if (need.needed) {
    const unnamed = prediction.outcomes.filter((outcome) => !PLAN_PATH.test(outcome.path));
    // Kept or undecided template overrides show their diff where the new templates arrive.
    const templates = templateDecisions(context)
      .filter((decision) => decision.answer !== 'remove')
      .flatMap((decision) => templateDiff(context, decision));
    const diffs = [...conffileDiffs(context.facts, outcomes, planned), ...templates];
    return {
      drafts: [
        downloadDraft(need),
        ...(need.resuming ? [] : planEarlyUpgrade(context)),
        distUpgradeDraft(context, need, { outcomes, simulated: prediction.simulated, diffs }, skipMainCluster),
        ...resolveDraft(outcomes),
        ...planTemplateRemovals(context),
      ],
      findings: [
        ...stopFindings(outcomes),
        ...unnamedFindings(context, unnamed),
        ...predictionFindings(context.facts.simulation),
      ],
    };
  }

  const { facts, desired } = context;
  const resumed = facts.os.codename === desired.release.codename && context.runningUnits.some((unit) => isMasked(facts.units[unit]));

  return { drafts: resumed ? resolveDraft(outcomes) : [], findings: [] };
}

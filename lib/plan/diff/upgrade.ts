/**
 * The package upgrade: download-packages, dist-upgrade and
 * resolve-conffiles, with the conffile answers dpkg gets during the upgrade.
 */
import { isInstalled, isMasked, type Finding, type PlanContext } from '../context.js';
import { conffileKey, promptedConffiles, type ConffileOutcome } from '../conffiles.js';
import { versionAtLeast } from '../debversion.js';
import { draft, reason, type Draft } from '../draft.js';
import { factKey } from '../fact-keys.js';
import type { Reason } from '../model.js';
import { stepSlug } from '../stages.js';

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

function distUpgradeDraft(context: PlanContext, need: UpgradeNeed, outcomes: ConffileOutcome[]): Draft {
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
    },
    reason: need.reason!,
    changes: [{ subject: 'release', before: facts.os.codename, after: desired.release.codename }, ...changes],
    destructive: true,
    fingerprintKeys: [
      'os.codename',
      ...[...new Set(watched)].map(factKey.package),
      ...context.stopUnits.map(factKey.unit),
      ...facts.apt.files.map((file) => factKey.aptFile(file.path)),
      ...outcomes.map((outcome) => factKey.conffile(outcome.path)),
      ...(need.resuming ? ['apt.pending'] : []),
    ],
  });
}

function resolveDraft(outcomes: ConffileOutcome[]): Draft[] {
  const maintainer = outcomes.filter((outcome) => outcome.answer === 'maintainer');
  if (maintainer.length === 0) {
    return [];
  }

  return [
    draft({
      stage: 'resolve-conffiles',
      slug: stepSlug('resolve-conffiles'),
      step: { kind: 'resolve-conffiles', files: maintainer.map((outcome) => ({ path: outcome.path, answer: 'maintainer' as const })) },
      reason: reason(
        maintainer.map((outcome) => outcome.answerKey).join(', '),
        'maintainer',
        'local version kept during the dist-upgrade',
        `The dist-upgrade keeps the local files; the maintainer's versions (.dpkg-dist) of ${maintainer.map((outcome) => outcome.path).join(', ')} are installed afterwards.`,
      ),
      changes: maintainer.map((outcome) => ({ subject: outcome.path, before: 'local version', after: "maintainer's version" })),
      fingerprintKeys: maintainer.map((outcome) => factKey.conffile(outcome.path)),
    }),
  ];
}

function stopFindings(outcomes: ConffileOutcome[]): Finding[] {
  return outcomes
    .filter((outcome) => outcome.answer === 'stop')
    .map((outcome) => ({
      code: 'conffile-stop',
      severity: 'error' as const,
      subject: outcome.path,
      message: `${outcome.reason}`,
      fix: `Compare your ${outcome.path} with the one in the new ${outcome.package}, then set ${conffileKey(outcome.path)} to "keep" or "maintainer".`,
    }));
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

/**
 * Plans the upgrade steps. `editedPaths` are files this plan edits before
 * the upgrade, which dpkg will then see as changed locally. When the
 * dist-upgrade already ran but the services are still masked, only the
 * conffile resolution is planned again.
 */
// NOTE: facts do not list `.dpkg-dist` files, so a resumed resolve-conffiles
// is predicted from locally changed conffiles; apply skips a file without one.
export function planUpgrade(context: PlanContext, need: UpgradeNeed, editedPaths: ReadonlySet<string>): UpgradePlan {
  const prompted = promptedConffiles(context.facts.conffiles, context.desired, editedPaths);
  const outcomes = prompted.filter((outcome) => PLAN_PATH.test(outcome.path));
  if (need.needed) {
    const unnamed = prompted.filter((outcome) => !PLAN_PATH.test(outcome.path));
    return {
      drafts: [downloadDraft(need), distUpgradeDraft(context, need, outcomes), ...resolveDraft(outcomes)],
      findings: [...stopFindings(outcomes), ...unnamedFindings(context, unnamed)],
    };
  }

  const { facts, desired } = context;
  const resumed = facts.os.codename === desired.release.codename && context.runningUnits.some((unit) => isMasked(facts.units[unit]));

  return { drafts: resumed ? resolveDraft(outcomes) : [], findings: [] };
}

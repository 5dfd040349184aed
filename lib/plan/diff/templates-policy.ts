/**
 * `templates.default` / `templates.files` for the overrides in
 * /etc/pmg/templates whose shipped template the dist-upgrade changes. With
 * the simulation, the new pmg-api's template is known: only overrides of a
 * template that really changes are decided, and the plan shows the diff
 * between the override and the new template. Without it, every override
 * of a shipped template counts. `keep` leaves the override (a notice when
 * the template changes), `remove` moves it aside after the dist-upgrade,
 * `stop` blocks the plan until the operator decides.
 */
import { createHash } from 'node:crypto';

import type { SimulatedFile, TemplateOverrideFact } from '../../probe/facts.js';
import { upgradesPackage, usableSimulation } from '../conffiles-new.js';
import { conffileDiff } from '../conffiles-diff.js';
import type { Finding, PlanContext } from '../context.js';
import { draft, reason, type Draft } from '../draft.js';
import { factKey } from '../fact-keys.js';
import type { FileDiff } from '../model.js';
import { stepSlug } from '../stages.js';
import { obsoleteSettingsIn, POSTGRES_TEMPLATE, removeSettings } from './template-settings.js';

/** Suffix of the name an override is moved to; PMG reads only the exact template name. */
export const REMOVED_SUFFIX = '.pmgup-removed';

/** Paths a plan can name: the plan schema's `absolutePath`. */
const PLAN_PATH = /^\/[A-Za-z0-9._\/@+-]{1,4095}$/;

/** The part of the plan context the template policy reads, so that checks can ask it too. */
export type TemplateInputs = Pick<PlanContext, 'facts' | 'desired'>;

export interface TemplateDecision {
  override: TemplateOverrideFact;
  answer: 'keep' | 'remove' | 'stop';
  /** The TOML key the answer comes from. */
  key: string;
  /** The template as the new pmg-api ships it, when the simulation read it. */
  next: SimulatedFile | null;
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

function newTemplate(context: TemplateInputs, override: TemplateOverrideFact): { known: boolean; next: SimulatedFile | null } {
  const simulation = context.facts.simulation;
  if (!usableSimulation(simulation) || !upgradesPackage(simulation, 'pmg-api')) {
    return { known: false, next: null };
  }

  const path = `/var/lib/pmg/templates/${override.name}`;
  const next = simulation.files.find((file) => file.path === path && file.state === 'plain') ?? null;

  return { known: simulation.files.some((file) => file.path === path && file.state !== 'nodeb'), next };
}

/** Returns whether the new pmg-api changes the template the override replaces; without a simulation, whether one is shipped. */
function templateChanges(context: TemplateInputs, override: TemplateOverrideFact): { changes: boolean; next: SimulatedFile | null } {
  const { known, next } = newTemplate(context, override);
  if (!known) {
    return { changes: override.shipped !== null && !usableSimulation(context.facts.simulation), next: null };
  }
  if (next === null) {
    return { changes: false, next: null };
  }
  const shipped = override.shipped?.content ?? null;

  return { changes: shipped === null || md5(shipped) !== next.md5, next };
}

/** Returns the decision for every override whose shipped template the dist-upgrade changes. */
export function templateDecisions(context: TemplateInputs): TemplateDecision[] {
  const { templates } = context.desired;

  return context.facts.pmg.templateOverrides.flatMap((override) => {
    const { changes, next } = templateChanges(context, override);
    if (!changes) {
      return [];
    }
    const own = templates.files[override.name];

    return [{ override, answer: own ?? templates.default, key: own === undefined ? 'templates.default' : `templates.files."${override.name}"`, next }];
  });
}

/**
 * Returns the override as the dist-upgrade finds it: without the settings
 * fix-template removes first, unless the plan moves the override aside.
 */
function overrideAtUpgrade(context: PlanContext, decision: TemplateDecision): { content: string | null; fixed: boolean } {
  const { content } = decision.override.override;
  if (content === null || decision.answer === 'remove' || decision.override.name !== POSTGRES_TEMPLATE || !context.desired.templates.remove_obsolete_settings) {
    return { content, fixed: false };
  }
  const settings = obsoleteSettingsIn(content);

  return { content: removeSettings(content, settings), fixed: settings.length > 0 };
}

/** Returns the diff between the override and the new shipped template, when both are text. */
export function templateDiff(context: PlanContext, decision: TemplateDecision): FileDiff[] {
  const before = overrideAtUpgrade(context, decision);
  const after = decision.next?.content ?? null;
  if (before.content === null || after === null || !PLAN_PATH.test(decision.override.override.path)) {
    return [];
  }
  const oldLabel = before.fixed ? 'yours after fix-template' : 'yours';

  return [conffileDiff(decision.override.override.path, before.content, after, 'template of the new pmg-api', oldLabel)];
}

/** Returns whether the plan moves this override aside: `remove` for a changing template on a host still to upgrade. */
export function removalPlanned(context: TemplateInputs, override: TemplateOverrideFact): boolean {
  return removalDecision(context, override) !== undefined;
}

/** Returns the `remove` decision that makes the plan move this override aside, if there is one. */
export function removalDecision(context: TemplateInputs, override: TemplateOverrideFact): TemplateDecision | undefined {
  if (context.facts.os.codename === context.desired.release.codename) {
    return undefined;
  }

  return templateDecisions(context).find((decision) => decision.override.name === override.name && decision.answer === 'remove');
}

/** Plans the removal of every override answered `remove`; apply checks its checksum first. */
export function planTemplateRemovals(context: PlanContext): Draft[] {
  return templateDecisions(context)
    .filter((decision) => decision.answer === 'remove' && PLAN_PATH.test(decision.override.override.path))
    .map((decision) => {
      const path = decision.override.override.path;
      const movedTo = `${path}${REMOVED_SUFFIX}`;

      return draft({
        stage: 'remove-template-override',
        slug: stepSlug('remove-template-override', path),
        step: { kind: 'remove-template-override', path, beforeSha256: decision.override.override.sha256, movedTo },
        reason: reason(decision.key, 'remove', `${path} overrides a template the new PMG changes`, `The override is moved to ${movedTo}, so the template the new PMG ships applies.`),
        changes: [{ subject: path, before: 'override', after: `moved to ${movedTo}` }],
        fileDiffs: templateDiff(context, decision),
        fingerprintKeys: [factKey.templateOverride(decision.override.name)],
      });
    });
}

/** Returns the notice for a kept override and the error for `stop`, each naming the key to set. */
export function templatePolicyFindings(context: PlanContext, distUpgradePlanned: boolean): Finding[] {
  if (!distUpgradePlanned) {
    return [];
  }

  const simulated = usableSimulation(context.facts.simulation);

  return templateDecisions(context).flatMap((decision): Finding[] => {
    const path = decision.override.override.path;
    const location = { file: path };
    if (decision.answer === 'stop') {
      const compare = simulated ? 'the new template (the diff is on the dist-upgrade action)' : `${decision.override.shipped?.path} after the upgrade`;
      return [
        {
          code: 'template-override-stop',
          severity: 'error',
          subject: path,
          message: `${path} overrides a template that PMG 8 ships in a new version, and ${decision.key} is "stop".`,
          fix: `Compare ${path} with ${compare}, then set templates.files."${decision.override.name}" to "keep" or "remove".`,
          location,
        },
      ];
    }
    if (decision.answer === 'keep' && simulated) {
      return [
        {
          code: 'template-override-kept',
          severity: 'notice',
          subject: path,
          message: `PMG 8 ships a changed ${decision.override.name}, and ${decision.key} keeps your override, so the changes do not apply.`,
          fix: `Review the diff on the dist-upgrade action; set templates.files."${decision.override.name}" = "remove" to use the new template instead.`,
          location,
        },
      ];
    }

    return [];
  });
}

/**
 * fix-template: remove `stats_temp_directory` from a postgresql.conf.in
 * override in /etc/pmg/templates. PostgreSQL 15 removed the setting and
 * does not start with a config rendered from such an override.
 */
import type { TemplateOverrideFact } from '../../probe/facts.js';
import type { PlanContext } from '../context.js';
import { draft, reason, type Draft } from '../draft.js';
import { factKey } from '../fact-keys.js';
import { fileDiff } from '../file-diff.js';
import { stepSlug } from '../stages.js';
import { obsoleteSettingsIn, POSTGRES_TEMPLATE, removeSettings } from './template-settings.js';
import { removalPlanned } from './templates-policy.js';

export { planTemplateRemovals, templateDecisions, templateDiff, templatePolicyFindings } from './templates-policy.js';

function fixDraft(override: TemplateOverrideFact, content: string, settings: string[]): Draft {
  const path = override.override.path;

  return draft({
    stage: 'fix-template',
    slug: stepSlug('fix-template', path),
    step: { kind: 'fix-template', path, beforeSha256: override.override.sha256, removeSettings: settings },
    reason: reason(
      'templates.remove_obsolete_settings',
      `no ${settings.join(', ')}`,
      `${path} sets ${settings.join(', ')}`,
      `PostgreSQL 15 refuses to start with ${settings.join(', ')}, and pmgconfig renders its config from this override.`,
    ),
    changes: settings.map((setting) => ({ subject: `${path}: ${setting}`, before: 'set', after: null })),
    fileDiffs: [fileDiff(path, content, removeSettings(content, settings))],
    fingerprintKeys: [factKey.templateOverride(override.name)],
  });
}

/**
 * Plans the fix of a postgresql.conf.in override that still sets an
 * obsolete setting, unless the plan moves that override aside anyway.
 */
export function planTemplateFixes(context: PlanContext): Draft[] {
  if (!context.desired.templates.remove_obsolete_settings) {
    return [];
  }

  return context.facts.pmg.templateOverrides.flatMap((override) => {
    const content = override.override.content;
    if (override.name !== POSTGRES_TEMPLATE || content === null || removalPlanned(context, override)) {
      return [];
    }
    const settings = obsoleteSettingsIn(content);

    return settings.length > 0 ? [fixDraft(override, content, settings)] : [];
  });
}

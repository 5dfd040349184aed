/**
 * fix-template: remove `stats_temp_directory` from a postgresql.conf.in
 * override in /etc/pmg/templates. PostgreSQL 15 removed the setting and
 * does not start with a config rendered from such an override.
 */
import type { TemplateOverrideFact } from '../../probe/facts.js';
import type { Finding, PlanContext } from '../context.js';
import { draft, reason, type Draft } from '../draft.js';
import { factKey } from '../fact-keys.js';
import { fileDiff } from '../file-diff.js';
import { stepSlug } from '../stages.js';

const OBSOLETE_SETTINGS = ['stats_temp_directory'];
const TEMPLATE_NAME = 'postgresql.conf.in';

function settingLine(setting: string): RegExp {
  return new RegExp(`^\\s*${setting}\\s*(=|\\s)`);
}

/** Returns the obsolete settings the override still sets on an uncommented line. */
function obsoleteSettings(content: string): string[] {
  const lines = content.split('\n');

  return OBSOLETE_SETTINGS.filter((setting) => lines.some((line) => settingLine(setting).test(line)));
}

/** Returns the content without the lines that set one of `settings`. */
export function removeSettings(content: string, settings: readonly string[]): string {
  return content
    .split('\n')
    .filter((line) => !settings.some((setting) => settingLine(setting).test(line)))
    .join('\n');
}

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

export function planTemplateFixes(context: PlanContext): Draft[] {
  if (!context.desired.templates.remove_obsolete_settings) {
    return [];
  }

  return context.facts.pmg.templateOverrides.flatMap((override) => {
    const content = override.override.content;
    if (override.name !== TEMPLATE_NAME || content === null) {
      return [];
    }
    const settings = obsoleteSettings(content);

    return settings.length > 0 ? [fixDraft(override, content, settings)] : [];
  });
}

/** Returns the TOML key that decides what happens to one override. */
function policyKey(context: PlanContext, name: string): string {
  return context.desired.templates.files[name] === undefined ? 'templates.default' : `templates.files."${name}"`;
}

/**
 * Applies `templates.default` / `templates.files` to the overrides whose
 * shipped template the dist-upgrade replaces. Which templates PMG 8 changes
 * is not known before the upgrade, so every override of a shipped template
 * counts. `stop` blocks the plan until the operator decides.
 */
// TODO: "remove" needs a step kind that moves the override aside. The plan
// schema has none yet, so the plan warns and leaves the file in place.
export function templatePolicyFindings(context: PlanContext, distUpgradePlanned: boolean): Finding[] {
  if (!distUpgradePlanned) {
    return [];
  }

  return context.facts.pmg.templateOverrides.flatMap((override): Finding[] => {
    const answer = context.desired.templates.files[override.name] ?? context.desired.templates.default;
    const key = policyKey(context, override.name);
    const path = override.override.path;
    if (override.shipped === null || answer === 'keep') {
      return [];
    }
    if (answer === 'stop') {
      return [
        {
          code: 'template-override-stop',
          severity: 'error',
          subject: path,
          message: `${path} overrides a template that PMG 8 ships in a new version, and ${key} is "stop".`,
          fix: `Compare ${path} with ${override.shipped.path} after the upgrade, then set templates.files."${override.name}" to "keep" or "remove".`,
          location: { file: path },
        },
      ];
    }

    return [
      {
        code: 'template-override-remove-unsupported',
        severity: 'warning',
        subject: path,
        message: `${key} is "remove", but this version of pmgup cannot remove template overrides, so ${path} stays in place.`,
        fix: `Move ${path} out of /etc/pmg/templates yourself, then run pmgconfig sync.`,
        location: { file: path },
      },
    ];
  });
}

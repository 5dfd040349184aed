/**
 * PMG template overrides in /etc/pmg/templates. An override identical to
 * the shipped template (pmg7to8 check 17) hides the new template that PMG 8
 * ships, so it is a notice.
 *
 * A `postgresql.conf.in` override that still sets `stats_temp_directory`,
 * or another setting PostgreSQL 15 rejects, renders a configuration the new
 * server does not start with. pmg7to8 does not look for this. When
 * `templates.remove_obsolete_settings` is on, the plan removes the
 * `stats_temp_directory` line first (a fix-template step), so that finding
 * is a warning. When the policy for the override is `remove` and the plan
 * moves it aside after the dist-upgrade, PMG renders the shipped template
 * instead, so every finding is a warning. Every other finding blocks the
 * plan.
 *
 * NOTE: the rendered /etc/postgresql/15/main/postgresql.conf has the same
 * failure when it was copied from 13, but the facts do not carry that file,
 * so it is not checked here.
 */
import type { Desired } from '../../config/desired.js';
import type { HostFacts, TemplateOverrideFact } from '../../probe/facts.js';
import { OBSOLETE_SETTINGS, POSTGRES_TEMPLATE } from '../diff/template-settings.js';
import { removalDecision, REMOVED_SUFFIX, type TemplateDecision } from '../diff/templates-policy.js';
import type { Diagnostic } from '../model.js';
import type { Check, CheckContext } from './context.js';
import { diagnostic } from './context.js';
import { findRemovedSettings } from './pg-config.js';

// The settings fix-template removes. Other rejected settings block the plan even when
// templates.remove_obsolete_settings is on.
const REMOVED_BY_PLAN = OBSOLETE_SETTINGS;

/** Reports unmodified overrides and PostgreSQL settings in the postgresql.conf.in override that 15 rejects. */
export const checkTemplates: Check = (facts, desired, context) => {
  const overrides = [...facts.pmg.templateOverrides].sort((a, b) => a.name.localeCompare(b.name));

  return [
    ...overrides.filter(isUnmodified).map((override) => unmodified(override, context)),
    ...overrides
      .filter((override) => override.name === POSTGRES_TEMPLATE)
      .flatMap((override) => obsoleteSettings(override, facts, desired, context)),
  ];
};

function isUnmodified(override: TemplateOverrideFact): boolean {
  return override.shipped !== null && override.shipped.sha256 === override.override.sha256;
}

function unmodified(override: TemplateOverrideFact, context: CheckContext): Diagnostic {
  return diagnostic(context, {
    code: 'template-unmodified',
    severity: 'notice',
    subject: override.override.path,
    message: `The override ${override.name} is identical to the shipped ${override.shipped?.path}, so it only hides the template PMG 8 ships.`,
    fix: `Remove ${override.override.path}, or set templates.files."${override.name}" = "remove" so the plan removes it.`,
    location: { file: override.override.path },
  });
}

function obsoleteSettings(
  override: TemplateOverrideFact,
  facts: HostFacts,
  desired: Desired,
  context: CheckContext,
): Diagnostic[] {
  const path = override.override.path;

  if (override.override.content === null) {
    return [
      diagnostic(context, {
        code: 'template-obsolete-setting',
        severity: 'warning',
        subject: path,
        message: `The override ${path} is larger than 1 MiB or not UTF-8 text, so pmgup could not look for settings PostgreSQL 15 rejects.`,
        fix: 'Check it for `stats_temp_directory` by hand and remove that line.',
        location: { file: path },
      }),
    ];
  }

  const removal = removalDecision({ facts, desired }, override);

  return findRemovedSettings(override.override.content).map((setting) => {
    const lineRemoved =
      desired.templates.remove_obsolete_settings && REMOVED_BY_PLAN.includes(setting.name);
    return diagnostic(context, {
      code: 'template-obsolete-setting',
      severity: removal !== undefined || lineRemoved ? 'warning' : 'error',
      subject: path,
      message: `Line ${setting.line} sets ${setting.name}, which PostgreSQL 15 rejects: the configuration PMG renders from this override would keep the server from starting.`,
      fix: obsoleteSettingFix(setting, removal, lineRemoved),
      location: { file: path, line: setting.line },
    });
  });
}

/** Returns what the plan does about the line, or what the operator must do when the plan does nothing. */
function obsoleteSettingFix(
  setting: { name: string; line: number },
  removal: TemplateDecision | undefined,
  lineRemoved: boolean,
): string {
  // The plan moves a `remove` override aside and then plans no fix-template step for it.
  if (removal !== undefined) {
    const path = removal.override.override.path;
    return `The plan moves the override to ${path}${REMOVED_SUFFIX} after the dist-upgrade (${removal.key} = "remove"), so PMG renders the template PMG 8 ships and this line no longer applies.`;
  }
  if (lineRemoved) {
    return 'The plan removes the line before the upgrade (templates.remove_obsolete_settings = true).';
  }

  return removalHint(setting.name, setting.line);
}

function removalHint(name: string, line: number): string {
  if (REMOVED_BY_PLAN.includes(name)) {
    return `Remove line ${line}, or set templates.remove_obsolete_settings = true so the plan removes it.`;
  }

  return `Remove line ${line} before the upgrade; the plan removes only ${REMOVED_BY_PLAN.join(', ')}.`;
}

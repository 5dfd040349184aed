/**
 * `unmask-units`: unmask the units and start them when the step asks.
 * When a PMG mail service is among them, the script first checks on the
 * live host that the PMG database is served by the target PostgreSQL
 * major: mail services started against an old or empty database would
 * accept mail into the wrong rule set.
 */
import type { StepOf } from '../../plan/model.js';
import { shellJoin } from '../../transport/quote.js';
import { requireDatabaseServed } from './pg-guards.js';
import { preamble, script } from './shell.js';
import { INLINE_TIMEOUT_MS, type BuildContext, type InlineCommand } from './types.js';

/** Units that read or write the PMG database, or accept mail for it. */
export const PMG_MAIL_UNITS: readonly string[] = [
  'postfix.service',
  'pmg-smtp-filter.service',
  'pmgpolicy.service',
  'pmgdaemon.service',
  'pmgproxy.service',
  'pmgmirror.service',
  'pmgtunnel.service',
];

export function buildUnmaskUnits(step: StepOf<'unmask-units'>, context: BuildContext): InlineCommand {
  const guarded = step.units.some((unit) => PMG_MAIL_UNITS.includes(unit));
  const guard = guarded ? requireDatabaseServed(context.postgres, 'unmask the mail services') : [];
  const start = step.start ? [`systemctl start -- ${shellJoin(step.units)}`] : [];

  return {
    mode: 'inline',
    timeoutMs: INLINE_TIMEOUT_MS,
    script: script([...preamble(), ...guard, `systemctl unmask -- ${shellJoin(step.units)}`, ...start]),
  };
}

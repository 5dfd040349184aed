/**
 * `stop-units`: stop the units, clear a failed state (PMG's checklist
 * counts a failed unit as still running), then mask them so nothing starts
 * them during the upgrade.
 */
import type { StepOf } from '../../plan/model.js';
import { shellJoin } from '../../transport/quote.js';
import { preamble, script } from './shell.js';
import { INLINE_TIMEOUT_MS, type InlineCommand } from './types.js';
import { onLoaded, selectLoaded } from './units.js';

export function buildStopUnits(step: StepOf<'stop-units'>): InlineCommand {
  const mask = step.mask ? [`systemctl mask -- ${shellJoin(step.units)}`] : [];

  return {
    mode: 'inline',
    timeoutMs: INLINE_TIMEOUT_MS,
    script: script([
      ...preamble(),
      ...selectLoaded(step.units),
      onLoaded('stop'),
      `${onLoaded('reset-failed')} 2>/dev/null || true`,
      ...mask,
    ]),
  };
}

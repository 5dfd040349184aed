/**
 * `disable-units`: disable and stop the units, and clear a failed state so
 * the host does not report itself degraded for a unit that is meant to be off.
 */
import type { StepOf } from '../../plan/model.js';
import { preamble, script } from './shell.js';
import { INLINE_TIMEOUT_MS, type InlineCommand } from './types.js';
import { onLoaded, selectLoaded } from './units.js';

export function buildDisableUnits(step: StepOf<'disable-units'>): InlineCommand {
  return {
    mode: 'inline',
    timeoutMs: INLINE_TIMEOUT_MS,
    script: script([
      ...preamble(),
      ...selectLoaded(step.units),
      onLoaded('disable --now'),
      `${onLoaded('reset-failed')} 2>/dev/null || true`,
    ]),
  };
}

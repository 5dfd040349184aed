/** `start-units`: start the units. */
import type { StepOf } from '../../plan/model.js';
import { shellJoin } from '../../transport/quote.js';
import { preamble, script } from './shell.js';
import { INLINE_TIMEOUT_MS, type InlineCommand } from './types.js';

export function buildStartUnits(step: StepOf<'start-units'>): InlineCommand {
  return {
    mode: 'inline',
    timeoutMs: INLINE_TIMEOUT_MS,
    script: script([...preamble(), `systemctl start -- ${shellJoin(step.units)}`]),
  };
}

/** `repair-dpkg`: finish an interrupted dpkg run, then let apt fix broken dependencies. */
import type { StepOf } from '../../plan/model.js';
import { aptGet, preamble, script } from './shell.js';
import { INLINE_TIMEOUT_MS, type InlineCommand } from './types.js';

export function buildRepairDpkg(_step: StepOf<'repair-dpkg'>): InlineCommand {
  return {
    mode: 'inline',
    timeoutMs: INLINE_TIMEOUT_MS,
    script: script([
      ...preamble(),
      'dpkg --force-confdef --force-confold --configure -a </dev/null',
      aptGet(['-f', 'install']),
    ]),
  };
}

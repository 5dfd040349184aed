/** `remove-packages`: remove packages with apt-get, keeping their configuration files. */
import type { StepOf } from '../../plan/model.js';
import { aptOptionWords, preamble, script } from './shell.js';
import { selectKnownPackages } from './packages.js';
import { INLINE_TIMEOUT_MS, type InlineCommand } from './types.js';

export function buildRemovePackages(step: StepOf<'remove-packages'>): InlineCommand {
  return {
    mode: 'inline',
    timeoutMs: INLINE_TIMEOUT_MS,
    script: script([
      ...preamble(),
      ...selectKnownPackages(step.packages),
      `[ "$#" -eq 0 ] || apt-get ${aptOptionWords()} remove "$@" </dev/null`,
    ]),
  };
}

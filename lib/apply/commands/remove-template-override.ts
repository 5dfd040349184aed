/**
 * `remove-template-override`: move a PMG template override in
 * /etc/pmg/templates to the name the plan gives, so the template the new
 * PMG ships applies. The override must still have the planned checksum;
 * otherwise nothing is moved. A second run after the move finds the file
 * already moved and succeeds. Prints `pmgup-saved MOVED_TO` for the journal.
 */
import type { StepOf } from '../../plan/model.js';
import { shellQuote } from '../../transport/quote.js';
import { SAVED_MARKER } from './guarded-write.js';
import { preamble, refuseFormat, script } from './shell.js';
import { INLINE_TIMEOUT_MS, type InlineCommand } from './types.js';

export function buildRemoveTemplateOverride(step: StepOf<'remove-template-override'>): InlineCommand {
  const path = shellQuote(step.path);
  const moved = shellQuote(step.movedTo);

  return {
    mode: 'inline',
    timeoutMs: INLINE_TIMEOUT_MS,
    script: script([
      ...preamble(),
      `if [ ! -e ${path} ] && [ -e ${moved} ]; then printf '${SAVED_MARKER} %s\\n' ${moved}; exit 0; fi`,
      `[ -e ${path} ] || ${refuseFormat('fileChanged', '%s no longer exists', path)}`,
      `current=$(sha256sum < ${path} | cut -d' ' -f1)`,
      `[ "$current" = ${step.beforeSha256} ] || ${refuseFormat(
        'fileChanged',
        '%s changed since the plan was made (sha256 %s, the plan expects %s)',
        path,
        '"$current"',
        step.beforeSha256,
      )}`,
      `mv -f -- ${path} ${moved}`,
      `printf '${SAVED_MARKER} %s\\n' ${moved}`,
    ]),
  };
}

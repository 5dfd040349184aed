/**
 * `edit-apt-sources`: apply the planned line edits to one sources file, or
 * create it. The edits run on the live file (credentials included, which
 * the facts never carry) and every line they do not touch is kept byte for
 * byte; an edit whose line no longer holds the expected word is rejected.
 */
import type { StepOf } from '../../plan/model.js';
import { applyAptEdits } from '../../plan/sources-rewrite.js';
import type { RewriteFileCommand } from './types.js';

export function buildEditAptSources(step: StepOf<'edit-apt-sources'>): RewriteFileCommand {
  return {
    mode: 'rewrite-file',
    path: step.path,
    beforeSha256: step.beforeSha256,
    createMode: 0o644,
    transform: (content) => applyAptEdits(content, step.format, step.edits, { path: step.path }),
  };
}

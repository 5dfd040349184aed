/**
 * `fix-template`: remove settings the new PostgreSQL rejects (such as
 * `stats_temp_directory`, gone in PostgreSQL 15) from a PMG template
 * override. Only active lines setting one of the names go; comments and
 * every other line stay byte for byte.
 */
import { removeSettings } from '../../plan/diff/template-settings.js';
import type { StepOf } from '../../plan/model.js';
import type { RewriteFileCommand } from './types.js';

export function buildFixTemplate(step: StepOf<'fix-template'>): RewriteFileCommand {
  return {
    mode: 'rewrite-file',
    path: step.path,
    beforeSha256: step.beforeSha256,
    createMode: 0o644,
    transform: (content) => removeSettings(content, step.removeSettings),
  };
}

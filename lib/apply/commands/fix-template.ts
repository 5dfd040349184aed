/**
 * `fix-template`: remove settings the new PostgreSQL rejects (such as
 * `stats_temp_directory`, gone in PostgreSQL 15) from a PMG template
 * override. Only active lines setting one of the names go; comments and
 * every other line stay byte for byte.
 */
import type { StepOf } from '../../plan/model.js';
import type { RewriteFileCommand } from './types.js';

/** Returns the content without the lines that set any of `settings`. */
export function removeSettings(content: string, settings: readonly string[]): string {
  const names = new Set(settings);

  return content
    .split('\n')
    .filter((line) => {
      const match = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(=|\s)/.exec(line);

      return match === null || !names.has(match[1]!);
    })
    .join('\n');
}

export function buildFixTemplate(step: StepOf<'fix-template'>): RewriteFileCommand {
  return {
    mode: 'rewrite-file',
    path: step.path,
    beforeSha256: step.beforeSha256,
    createMode: 0o644,
    transform: (content) => removeSettings(content, step.removeSettings),
  };
}

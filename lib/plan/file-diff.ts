/**
 * Unified diffs of the files an action writes, for the operator to review.
 * Apply never reads them. Credentials in URIs are masked a second time here,
 * so a diff cannot leak them even when the input was not redacted.
 */
import { createTwoFilesPatch } from 'diff';

import { redactUri } from './apt-sources.js';
import type { FileDiff } from './model.js';

/** Returns the unified diff of `before` and `after` for `path`; a null `before` is a new file. */
export function fileDiff(path: string, before: string | null, after: string): FileDiff {
  const oldName = before === null ? '/dev/null' : path;
  const patch = createTwoFilesPatch(oldName, path, redactUri(before ?? ''), redactUri(after), 'current', 'planned');

  return { path, diff: patch };
}

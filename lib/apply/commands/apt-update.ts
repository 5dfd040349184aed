/**
 * `apt-update`: refresh the package lists. apt-get update exits 0 even when
 * a repository could not be fetched, so the script also fails when apt
 * printed an `Err:` or `E:` line: the dist-upgrade must not run on lists
 * that are missing the new release.
 */
import type { StepOf } from '../../plan/model.js';
import { aptGet, preamble, refuse, script } from './shell.js';
import { INLINE_TIMEOUT_MS, type InlineCommand } from './types.js';

export function buildAptUpdate(_step: StepOf<'apt-update'>): InlineCommand {
  return {
    mode: 'inline',
    timeoutMs: INLINE_TIMEOUT_MS,
    script: script([
      ...preamble(),
      'output=$(mktemp)',
      'trap \'rm -f "$output"\' EXIT',
      `${aptGet(['update'])} >"$output" 2>&1 || { cat "$output"; exit 1; }`,
      'cat "$output"',
      `! grep -q -E '^(Err:|E: |W: Failed to fetch)' "$output" || ${refuse(
        'aptUpdateFailed',
        'apt-get update could not fetch every repository (see the Err: lines above)',
      )}`,
    ]),
  };
}

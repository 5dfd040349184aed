/**
 * `resolve-conffiles`: settle the configuration files the dist-upgrade left
 * for a decision, one answer per file, losing no version of any file:
 * - `maintainer`: install the maintainer's version (`PATH.dpkg-dist`, or
 *   `PATH.ucf-dist` for files ucf manages) and keep the old file as
 *   `PATH.pmgup-old`;
 * - `keep`: keep the installed file. After a `maintainer`-default upgrade
 *   dpkg replaced it, so the copy saved before the upgrade is put back and
 *   the maintainer's file is kept as `PATH.pmgup-new`. A pending `.dpkg-dist`
 *   stays where dpkg put it;
 * - `stop`: refuse, before touching any file, while the file has a pending
 *   maintainer's version: the operator decides by hand.
 * Each file's outcome is printed on a line `pmgup-conffile<TAB>OUTCOME<TAB>PATH<TAB>SAVED`
 * for the journal.
 */
import type { ConffileDecision, StepOf } from '../../plan/model.js';
import { shellQuote } from '../../transport/quote.js';
import { KEEP_SUFFIX } from './dist-upgrade.js';
import { preamble, refuseFormat, script } from './shell.js';
import { INLINE_TIMEOUT_MS, type InlineCommand } from './types.js';

/** Prefix of the lines that report one file's outcome. */
export const CONFFILE_MARKER = 'pmgup-conffile';

export const OLD_SUFFIX = '.pmgup-old';
export const NEW_SUFFIX = '.pmgup-new';

const SSHD_CONFIG = '/etc/ssh/sshd_config';

function functions(): string[] {
  const report = `printf '${CONFFILE_MARKER}\\t%s\\t%s\\t%s\\n'`;

  return [
    'pmgup_pending() {',
    '  for candidate in "$1.dpkg-dist" "$1.ucf-dist"; do',
    '    if [ -e "$candidate" ]; then printf \'%s\\n\' "$candidate"; return 0; fi',
    '  done',
    '}',
    'pmgup_maintainer() {',
    '  installed=0',
    '  new=$(pmgup_pending "$1")',
    `  if [ -z "$new" ]; then ${report} unchanged "$1" -; return 0; fi`,
    `  if [ -e "$1" ]; then cp -p -- "$1" "$1${OLD_SUFFIX}"; fi`,
    '  mv -f -- "$new" "$1"',
    '  installed=1',
    `  ${report} installed-maintainer "$1" "$1${OLD_SUFFIX}"`,
    '}',
    'pmgup_keep() {',
    `  saved="$1${KEEP_SUFFIX}"`,
    '  if [ -f "$saved" ] && ! cmp -s -- "$saved" "$1"; then',
    `    mv -f -- "$1" "$1${NEW_SUFFIX}"`,
    '    mv -f -- "$saved" "$1"',
    `    ${report} restored-kept "$1" "$1${NEW_SUFFIX}"`,
    '    return 0',
    '  fi',
    '  rm -f -- "$saved"',
    '  new=$(pmgup_pending "$1")',
    `  ${report} kept "$1" "\${new:--}"`,
    '}',
  ];
}

function stopChecks(files: readonly ConffileDecision[]): string[] {
  const stops = files.filter((file) => file.answer === 'stop');
  if (stops.length === 0) {
    return [];
  }

  return [
    'undecided=',
    ...stops.map((file) => {
      const path = shellQuote(file.path);

      return `[ -z "$(pmgup_pending ${path})" ] || undecided="$undecided "${path}`;
    }),
    `[ -z "$undecided" ] || ${refuseFormat(
      'conffileNeedsDecision',
      'these configuration files have a new maintainer version and the plan says to stop:%s. Compare each with its .dpkg-dist or .ucf-dist file, keep or install one, then run pmgup plan again',
      '"$undecided"',
    )}`,
  ];
}

// Lines run right after `pmgup_maintainer` on sshd_config: when it installed
// a new file that sshd rejects, the previous file goes back before the
// script fails, because a broken sshd_config locks operators out at the
// next restart.
function sshdCheck(): string[] {
  const path = shellQuote(SSHD_CONFIG);
  const old = shellQuote(`${SSHD_CONFIG}${OLD_SUFFIX}`);

  return [
    'if [ "$installed" = 1 ] && command -v sshd >/dev/null && ! sshd -t; then',
    `  [ ! -f ${old} ] || cp -p -- ${old} ${path}`,
    `  ${refuseFormat('sshdConfigInvalid', 'sshd -t rejected the new %s; the previous file is back in place', path)}`,
    'fi',
  ];
}

function resolveFile(file: ConffileDecision): string[] {
  const call = `pmgup_${file.answer} ${shellQuote(file.path)}`;

  return file.answer === 'maintainer' && file.path === SSHD_CONFIG ? [call, ...sshdCheck()] : [call];
}

export function buildResolveConffiles(step: StepOf<'resolve-conffiles'>): InlineCommand {
  const actions = step.files.filter((file) => file.answer !== 'stop').flatMap(resolveFile);

  return {
    mode: 'inline',
    timeoutMs: INLINE_TIMEOUT_MS,
    script: script([...preamble(), ...functions(), ...stopChecks(step.files), ...actions]),
  };
}

/** One file's outcome, as the script reported it. */
export interface ConffileOutcome {
  path: string;
  outcome: 'installed-maintainer' | 'restored-kept' | 'kept' | 'unchanged';
  /** Where the other version of the file is, or null. */
  saved: string | null;
}

/** Parses the outcome lines from the script's output. */
export function parseConffileOutcomes(stdout: string): ConffileOutcome[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(`${CONFFILE_MARKER}\t`))
    .map((line) => {
      const [, outcome, path, saved] = line.split('\t');

      return { path: path ?? '', outcome: outcome as ConffileOutcome['outcome'], saved: saved && saved !== '-' ? saved : null };
    });
}

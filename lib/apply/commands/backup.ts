/**
 * `backup`: write a PMG backup archive. The archive's path is printed on a
 * line of its own (`pmgup-backup-archive PATH`) so apply can record it: the
 * path pmgbackup names in its output, or else the newest archive in the
 * backup directory.
 */
import type { StepOf } from '../../plan/model.js';
import { preamble, script } from './shell.js';
import { INLINE_TIMEOUT_MS, type InlineCommand } from './types.js';

/** Prefix of the line that carries the archive path. */
export const BACKUP_MARKER = 'pmgup-backup-archive';

export function buildBackup(_step: StepOf<'backup'>): InlineCommand {
  return {
    mode: 'inline',
    timeoutMs: INLINE_TIMEOUT_MS,
    script: script([
      ...preamble(),
      'output=$(pmgbackup backup </dev/null 2>&1) || { printf \'%s\\n\' "$output"; exit 1; }',
      'printf \'%s\\n\' "$output"',
      'archive=$(printf \'%s\\n\' "$output" | sed -n \'s|.*\\(/var/lib/pmg/backup/[^ ]*\\.tgz\\).*|\\1|p\' | tail -n 1)',
      'if [ -z "$archive" ] || [ ! -f "$archive" ]; then',
      '  archive=$(ls -1t /var/lib/pmg/backup/*.tgz 2>/dev/null | head -n 1)',
      'fi',
      '[ -n "$archive" ] || { echo \'pmgup: pmgbackup wrote no archive to /var/lib/pmg/backup\' >&2; exit 1; }',
      `printf '${BACKUP_MARKER} %s\\n' "$archive"`,
    ]),
  };
}

/** Returns the archive path from the script's output, or null when the marker line is missing. */
export function parseBackupArchive(stdout: string): string | null {
  const line = stdout
    .split('\n')
    .reverse()
    .find((text) => text.startsWith(`${BACKUP_MARKER} `));

  return line === undefined ? null : line.slice(BACKUP_MARKER.length + 1).trim();
}

/**
 * The script that replaces a file with new content only while the file is
 * still the one the plan was made from. It compares the file's SHA-256
 * with the planned one on the host, at the moment of the write, keeps a
 * copy of the old file under /var/lib/pmgup/files, and renames the new
 * content into place, so readers never see a partial file. The content
 * arrives on standard input and is checked against its own SHA-256 before
 * the rename.
 */
import { posix } from 'node:path';

import { shellQuote } from '../../transport/quote.js';
import { preamble, refuseFormat, script, STATE_DIR } from './shell.js';

/** Where copies of replaced files are kept. */
export const SAVED_FILES_DIR = `${STATE_DIR}/files`;

/** Prefix of the line that names the copy of the old file. */
export const SAVED_MARKER = 'pmgup-saved';

export interface GuardedWrite {
  path: string;
  /** Planned checksum of the current file; null when the file must not exist. */
  beforeSha256: string | null;
  /** Checksum of the content sent on standard input. */
  afterSha256: string;
  /** Mode of a new file; an existing file keeps its mode and owner. */
  createMode: number;
}

function checkCurrent(write: GuardedWrite): string[] {
  const path = shellQuote(write.path);
  if (write.beforeSha256 === null) {
    return [`[ ! -e ${path} ] || ${refuseFormat('fileChanged', '%s exists now but did not when the plan was made', path)}`];
  }

  return [
    `[ -e ${path} ] || ${refuseFormat('fileChanged', '%s no longer exists', path)}`,
    `current=$(sha256sum < ${path} | cut -d' ' -f1)`,
    `[ "$current" = ${write.beforeSha256} ] || ${refuseFormat(
      'fileChanged',
      '%s changed since the plan was made (sha256 %s, the plan expects %s)',
      path,
      '"$current"',
      write.beforeSha256,
    )}`,
  ];
}

function saveOld(write: GuardedWrite): string[] {
  if (write.beforeSha256 === null) {
    return [];
  }

  const path = shellQuote(write.path);
  const copyName = `${write.path.slice(1).replace(/\//g, '_')}.`;

  return [
    `install -d -m 0700 ${shellQuote(SAVED_FILES_DIR)}`,
    `copy=${shellQuote(`${SAVED_FILES_DIR}/${copyName}`)}$(date -u +%Y%m%dT%H%M%SZ)`,
    `cp -p -- ${path} "$copy"`,
    `printf '${SAVED_MARKER} %s\\n' "$copy"`,
  ];
}

/** Returns the script; run it with the new content as standard input. */
export function buildGuardedWrite(write: GuardedWrite): string {
  const path = shellQuote(write.path);
  const template = shellQuote(`${posix.dirname(write.path)}/.${posix.basename(write.path)}.pmgup-XXXXXX`);
  const mode = write.createMode.toString(8).padStart(4, '0');

  return script([
    ...preamble(),
    ...checkCurrent(write),
    `tmp=$(mktemp ${template})`,
    'trap \'rm -f "$tmp"\' EXIT',
    'cat > "$tmp"',
    `received=$(sha256sum < "$tmp" | cut -d' ' -f1)`,
    `[ "$received" = ${write.afterSha256} ] || { echo 'pmgup: the new content arrived damaged' >&2; exit 1; }`,
    `if [ -e ${path} ]; then chmod --reference=${path} "$tmp"; chown --reference=${path} "$tmp"; else chmod ${mode} "$tmp"; fi`,
    ...saveOld(write),
    'sync',
    `mv -f -- "$tmp" ${path}`,
    'trap - EXIT',
  ]);
}

/** Returns the path of the saved copy from the script's output, or null. */
export function parseSavedCopy(stdout: string): string | null {
  const line = stdout.split('\n').find((text) => text.startsWith(`${SAVED_MARKER} `));

  return line === undefined ? null : line.slice(SAVED_MARKER.length + 1).trim();
}

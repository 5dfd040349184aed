/**
 * The sources files apt reads. apt skips a file in `sources.list.d` whose
 * name has a character other than ASCII letters, digits, `_`, `-`, `:` and
 * `.` (apt 2.6 reads `a:b.list` and skips `a b.list`, `c+d.list` and
 * `e~f.list`). The plan and the checks skip such a file too, because
 * editing it would change nothing apt uses.
 */
import type { AptSourceFile } from '../probe/facts.js';

const PARTS_DIRECTORY = '/etc/apt/sources.list.d/';

/** File names apt reads in the parts directory, with the extension of their format. */
const READ_NAME = /^[A-Za-z0-9_.:-]+\.(?:list|sources)$/;

/** Returns whether apt reads the sources file at `path`. */
export function aptReadsFile(path: string): boolean {
  if (!path.startsWith(PARTS_DIRECTORY)) {
    return true;
  }

  return READ_NAME.test(path.slice(PARTS_DIRECTORY.length));
}

/** Returns the files apt reads, in their order. */
export function aptReadFiles(files: readonly AptSourceFile[]): AptSourceFile[] {
  return files.filter((file) => aptReadsFile(file.path));
}

/** Returns the files apt skips because of their names. */
export function aptSkippedFiles(files: readonly AptSourceFile[]): AptSourceFile[] {
  return files.filter((file) => !aptReadsFile(file.path));
}

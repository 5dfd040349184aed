/**
 * Readers for the line records the probe script prints: `key value` lines,
 * file records with base64 content, whole numbers. Each reader checks the
 * form strictly and throws ProbeOutputError naming the section and line.
 */
import { createHash } from 'node:crypto';

import type { FileFact } from './facts.js';
import { ProbeOutputError } from './errors.js';
import type { Section } from './sections.js';

/** One line of a section with its 1-based number. */
export interface Line {
  number: number;
  text: string;
}

/** Returns the lines of a section's body; a final newline does not make an empty last line. */
export function linesOf(section: Section): Line[] {
  if (section.body === '') {
    return [];
  }

  const texts = section.body.split('\n');
  if (texts.at(-1) === '') {
    texts.pop();
  }

  return texts.map((text, index) => ({ number: index + 1, text }));
}

/** Returns the non-blank lines of a section. */
export function contentLines(section: Section): Line[] {
  return linesOf(section).filter((line) => line.text.trim() !== '');
}

/** Throws a ProbeOutputError for `line` of `section`. */
export function reject(section: Section, line: Line | null, expected: string): never {
  throw new ProbeOutputError({
    section: section.name,
    line: line?.number ?? null,
    expected,
    actual: line?.text ?? null,
  });
}

/** Throws a ProbeOutputError for a value read from `line` (or from the section when null). */
export function rejectValue(section: Section, line: Line | null, expected: string, actual: string): never {
  throw new ProbeOutputError({ section: section.name, line: line?.number ?? null, expected, actual });
}

/** Splits a record line into its tag (the first word) and the rest after one space. */
export function splitTag(line: Line): { tag: string; rest: string } {
  const space = line.text.indexOf(' ');

  return space < 0 ? { tag: line.text, rest: '' } : { tag: line.text.slice(0, space), rest: line.text.slice(space + 1) };
}

/**
 * Reads `key value` lines into a map. Every key must be one of `keys`, and
 * appear at most once; blank lines are skipped.
 */
export function readKeyValues(section: Section, keys: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of contentLines(section)) {
    const { tag, rest } = splitTag(line);
    if (!keys.includes(tag) || values.has(tag)) {
      reject(section, line, `one of the keys ${keys.join(', ')}, each once`);
    }
    values.set(tag, rest);
  }

  return values;
}

/** Returns the value of `key`, rejecting the section when the script did not print it. */
export function requireValue(section: Section, values: Map<string, string>, key: string): string {
  const value = values.get(key);
  if (value === undefined) {
    return reject(section, null, `a "${key}" line`);
  }

  return value;
}

/** Parses a whole, non-negative decimal number, or rejects it naming `line` (or the section). */
export function readCount(section: Section, line: Line | null, text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text)) {
    rejectValue(section, line, what, text);
  }

  return Number(text);
}

/** Decodes strict base64 (the alphabet of `base64 -w 0`), or rejects the line. */
export function decodeBase64(section: Section, line: Line, text: string): Buffer {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    return reject(section, line, 'base64 text');
  }

  return Buffer.from(text, 'base64');
}

/** Decodes UTF-8, or returns null when the bytes are not valid UTF-8. */
export function utf8OrNull(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A `file` record (content shipped or only hashed) or a `missing` record. */
export type FileRecord =
  | { kind: 'file'; path: string; sizeBytes: number; sha256: string; bytes: Buffer | null }
  | { kind: 'missing'; path: string };

/** Returns whether a line is a file or missing record. */
export function isFileRecord(line: Line): boolean {
  return /^(file|missing) /.test(line.text);
}

/**
 * Reads `file B64PATH SIZE SHA256|- bB64CONTENT|-` or `missing B64PATH`.
 * When the content is shipped, size and hash are taken from the bytes
 * received, so they always describe the content the facts hold.
 */
export function readFileRecord(section: Section, line: Line): FileRecord {
  const fields = line.text.split(' ');
  if (fields[0] === 'missing' && fields.length === 2) {
    return { kind: 'missing', path: readPath(section, line, fields[1]) };
  }
  if (fields[0] !== 'file' || fields.length !== 5) {
    return reject(section, line, 'a file record: "file PATH SIZE SHA256 CONTENT" or "missing PATH"');
  }

  const path = readPath(section, line, fields[1]);
  const sizeBytes = readCount(section, line, fields[2], 'a file size in bytes');
  if (fields[4] === '-') {
    if (!/^[0-9a-f]{64}$/.test(fields[3])) {
      reject(section, line, 'a sha256 checksum for a file whose content was left out');
    }

    return { kind: 'file', path, sizeBytes, sha256: fields[3], bytes: null };
  }
  if (!fields[4].startsWith('b') || fields[3] !== '-') {
    return reject(section, line, 'file content as "b" and base64, with "-" for the checksum');
  }

  const bytes = decodeBase64(section, line, fields[4].slice(1));

  return { kind: 'file', path, sizeBytes: bytes.length, sha256: sha256Hex(bytes), bytes };
}

function readPath(section: Section, line: Line, encoded: string): string {
  const path = utf8OrNull(decodeBase64(section, line, encoded));
  if (path === null || !path.startsWith('/') || path.includes('\0')) {
    return reject(section, line, 'an absolute path in base64');
  }

  return path;
}

/** Turns a file record into a FileFact, or null for a missing file. */
export function toFileFact(record: FileRecord): FileFact | null {
  if (record.kind === 'missing') {
    return null;
  }

  return {
    path: record.path,
    sha256: record.sha256,
    sizeBytes: record.sizeBytes,
    content: record.bytes === null ? null : utf8OrNull(record.bytes),
  };
}

/** Reads every line of a section as a file record. */
export function readFileRecords(section: Section): FileRecord[] {
  return contentLines(section).map((line) => readFileRecord(section, line));
}

/** Reads a section holding exactly the files at `paths`, in that order. */
export function readNamedFiles(section: Section, paths: readonly string[]): (FileFact | null)[] {
  const lines = contentLines(section);
  if (lines.length !== paths.length) {
    return reject(section, lines[paths.length] ?? null, `${paths.length} file records`);
  }

  return lines.map((line, index) => {
    const record = readFileRecord(section, line);
    if (record.path !== paths[index]) {
      reject(section, line, `a record for ${paths[index]}`);
    }

    return toFileFact(record);
  });
}

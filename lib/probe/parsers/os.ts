/**
 * Parser for the `os` section: /etc/os-release (os-release(5): shell-style
 * `KEY=value` assignments, values optionally quoted) and /etc/debian_version.
 */
import type { OsFacts } from '../facts.js';
import { contentLines, readFileRecord, reject } from '../records.js';
import type { Section } from '../sections.js';

/** Parses os-release text into its variables; lines that are not assignments are skipped. */
export function parseOsRelease(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(raw.trim());
    if (match) {
      values.set(match[1], unquote(match[2]));
    }
  }

  return values;
}

/** Removes shell quotes: single quotes are literal, double quotes allow backslash escapes. */
function unquote(value: string): string {
  if (/^'.*'$/.test(value) && value.length >= 2) {
    return value.slice(1, -1);
  }
  if (/^".*"$/.test(value) && value.length >= 2) {
    return value.slice(1, -1).replace(/\\([\\$"`])/g, '$1');
  }

  return value;
}

/** Takes the codename from `VERSION="11 (bullseye)"` when VERSION_CODENAME is absent. */
function codenameOf(values: Map<string, string>): string {
  const codename = values.get('VERSION_CODENAME');
  if (codename) {
    return codename;
  }

  return /\(([a-z]+)\)/.exec(values.get('VERSION') ?? '')?.[1] ?? '';
}

/**
 * Parses the `os` section: the os-release record, then the debian_version
 * record. A missing file leaves its fields empty.
 */
export function parseOs(section: Section): OsFacts {
  const lines = contentLines(section);
  if (lines.length !== 2) {
    return reject(section, lines[2] ?? null, 'two file records: os-release and debian_version');
  }

  const osRelease = readFileRecord(section, lines[0]);
  const debianVersion = readFileRecord(section, lines[1]);
  const values = parseOsRelease(osRelease.kind === 'file' ? (osRelease.bytes?.toString('utf8') ?? '') : '');
  const version = debianVersion.kind === 'file' ? (debianVersion.bytes?.toString('utf8') ?? '') : '';

  return {
    id: values.get('ID') ?? '',
    versionId: values.get('VERSION_ID') ?? '',
    codename: codenameOf(values),
    prettyName: values.get('PRETTY_NAME') ?? '',
    debianVersion: version.trim(),
  };
}

/**
 * Parsers for small host settings the checks read: root's SSH client
 * ciphers, dkms status, ClamAV's OnAccess settings and the locale.
 */
import type { ClamavFacts, DkmsFacts, LocaleFacts, SshFacts } from '../facts.js';
import { contentLines, readFileRecord, reject, splitTag } from '../records.js';
import type { Section } from '../sections.js';
import { parseOsRelease } from './os.js';
import { yesNo } from './system.js';

/** Parses `exists yes|no` and `line N:TEXT` records (grep -n output of Ciphers lines). */
export function parseSsh(section: Section): SshFacts {
  const lines = contentLines(section);
  const first = lines[0] === undefined ? null : splitTag(lines[0]);
  if (first === null || first.tag !== 'exists') {
    return reject(section, lines[0] ?? null, 'an "exists yes|no" line');
  }

  const cipherLines = lines.slice(1).map((line) => {
    const match = /^line (\d+):(.*)$/.exec(line.text);
    if (!match) {
      return reject(section, line, '"line NUMBER:TEXT"');
    }

    return { line: Number(match[1]), text: match[2] };
  });

  return { rootConfigExists: yesNo(section, first.rest), rootConfigCipherLines: cipherLines };
}

/** Parses `dkms status -k RELEASE`; exit status 127 means dkms is not installed. */
export function parseDkms(section: Section): DkmsFacts {
  if (section.status === 127) {
    return { installed: false, statusLines: [] };
  }

  return { installed: true, statusLines: contentLines(section).map((line) => line.text.trim()) };
}

/** Parses the OnAccess lines of clamd.conf, trimmed. */
export function parseClamav(section: Section): ClamavFacts {
  return { onAccessSettings: contentLines(section).map((line) => line.text.trim()) };
}

/** Parses the /etc/default/locale record and `available NAME` lines from `locale -a`. */
export function parseLocale(section: Section): LocaleFacts {
  const lines = contentLines(section);
  if (lines.length === 0) {
    return reject(section, null, 'a record for /etc/default/locale');
  }

  const record = readFileRecord(section, lines[0]);
  if (record.path !== '/etc/default/locale') {
    return reject(section, lines[0], 'a record for /etc/default/locale');
  }
  const text = record.kind === 'file' ? (record.bytes?.toString('utf8') ?? '') : '';
  const available = lines.slice(1).map((line) => {
    const { tag, rest } = splitTag(line);
    if (tag !== 'available' || rest === '') {
      return reject(section, line, '"available NAME"');
    }

    return rest;
  });

  // /etc/default/locale has the same KEY=value form as os-release.
  return { lang: parseOsRelease(text).get('LANG') || null, available };
}

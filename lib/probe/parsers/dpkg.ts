/**
 * Parsers for dpkg's health: files left in /var/lib/dpkg/updates by an
 * interrupted run, and `dpkg --audit`.
 */
import type { DpkgFacts } from '../facts.js';
import { linesOf, readCount, readKeyValues, requireValue } from '../records.js';
import type { Section } from '../sections.js';

/** Parses the `dpkg-state` and `dpkg-audit` sections. */
export function parseDpkg(state: Section, audit: Section): DpkgFacts {
  const values = readKeyValues(state, ['updates']);
  const updates = readCount(state, null, requireValue(state, values, 'updates'), 'a file count');

  return {
    interrupted: updates > 0,
    auditLines: linesOf(audit)
      .map((line) => line.text.trimEnd())
      .filter((text) => text.trim() !== ''),
  };
}

/**
 * Parsers for PMG's own files: pmg.conf and cluster.conf, template overrides
 * paired with the shipped template of the same name, and the list of backup
 * archives (names, sizes and times only).
 */
import type { FileFact, PmgFacts, TemplateOverrideFact } from '../facts.js';
import {
  contentLines,
  decodeBase64,
  readCount,
  readFileRecord,
  readNamedFiles,
  reject,
  toFileFact,
  utf8OrNull,
} from '../records.js';
import type { Section } from '../sections.js';

const OVERRIDES = '/etc/pmg/templates/';
const SHIPPED = '/var/lib/pmg/templates/';

/** Parses `pmg-files`, `pmg-templates` and `pmg-backups`. */
export function parsePmg(files: Section, templates: Section, backups: Section): PmgFacts {
  const [pmgConf, clusterConf] = readNamedFiles(files, ['/etc/pmg/pmg.conf', '/etc/pmg/cluster.conf']);

  return {
    pmgConf,
    clusterConf,
    templateOverrides: parseTemplates(templates),
    backups: parseBackups(backups),
  };
}

/** Parses pairs of records: an override in /etc/pmg/templates, then the shipped file or a missing record. */
export function parseTemplates(section: Section): TemplateOverrideFact[] {
  const lines = contentLines(section);
  if (lines.length % 2 !== 0) {
    return reject(section, lines.at(-1) ?? null, 'pairs of override and shipped template records');
  }

  const overrides: TemplateOverrideFact[] = [];
  for (let index = 0; index < lines.length; index += 2) {
    const override = readFileRecord(section, lines[index]);
    const shipped = readFileRecord(section, lines[index + 1]);
    const name = override.path.slice(OVERRIDES.length);
    if (override.kind !== 'file' || !override.path.startsWith(OVERRIDES) || name.includes('/')) {
      return reject(section, lines[index], `a file record for a file directly in ${OVERRIDES}`);
    }
    if (shipped.path !== `${SHIPPED}${name}`) {
      return reject(section, lines[index + 1], `a record for ${SHIPPED}${name}`);
    }
    overrides.push({ name, override: toFileFact(override) as FileFact, shipped: toFileFact(shipped) });
  }

  return overrides;
}

/** Parses `backup B64PATH SIZE MTIME` lines, newest first. */
export function parseBackups(section: Section): PmgFacts['backups'] {
  const backups = contentLines(section).map((line) => {
    const fields = line.text.split(' ');
    if (fields.length !== 4 || fields[0] !== 'backup') {
      return reject(section, line, '"backup PATH SIZE MTIME"');
    }

    const path = utf8OrNull(decodeBase64(section, line, fields[1]));
    if (path === null || !path.startsWith('/var/lib/pmg/backup/')) {
      return reject(section, line, 'a path in /var/lib/pmg/backup');
    }

    return {
      path,
      sizeBytes: readCount(section, line, fields[2], 'a size in bytes'),
      modifiedAt: readCount(section, line, fields[3], 'an mtime in epoch seconds'),
    };
  });

  return backups.sort((a, b) => b.modifiedAt - a.modifiedAt || a.path.localeCompare(b.path));
}

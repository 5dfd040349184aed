/**
 * Parser for `systemctl show -p ...` output for several units: one block of
 * `Key=value` lines per unit, blocks separated by a blank line, in the order
 * the units were named. The script prints `query NAME...` first, so each
 * block is matched to the name that was asked for, even when systemd
 * reports an alias under its real `Id`.
 */
import type { UnitFact } from '../facts.js';
import { linesOf, type Line, reject, splitTag } from '../records.js';
import type { Section } from '../sections.js';

const UNIT_NAME = /^[A-Za-z0-9:_.\\@-]+\.[a-z]+$/;

/** Properties of each unit asked for, by the name it was asked for. */
export type UnitProperties = Map<string, Map<string, string>>;

/**
 * Parses a section of `query NAME...` followed by `systemctl show` blocks.
 * Returns null when systemctl printed nothing and failed (no systemd).
 */
export function parseUnitBlocks(section: Section, properties: readonly string[]): UnitProperties | null {
  const lines = linesOf(section);
  const names = queriedNames(section, lines[0]);
  const blocks = splitBlocks(section, lines.slice(1), properties);
  if (blocks.length === 0 && (section.status !== 0 || names.length === 0)) {
    return names.length === 0 ? new Map() : null;
  }
  if (blocks.length !== names.length) {
    return reject(section, null, `${names.length} blocks of unit properties, one per unit asked for`);
  }

  return new Map(names.map((name, index) => [name, blocks[index]]));
}

function queriedNames(section: Section, line: Line | undefined): string[] {
  if (line === undefined) {
    return reject(section, null, 'a "query" line naming the units');
  }

  const { tag, rest } = splitTag(line);
  const names = rest === '' ? [] : rest.split(' ');
  if (tag !== 'query' || !names.every((name) => UNIT_NAME.test(name))) {
    return reject(section, line, '"query" and unit names');
  }

  return names;
}

function splitBlocks(section: Section, lines: Line[], properties: readonly string[]): Map<string, string>[] {
  const blocks: Map<string, string>[] = [];
  let current: Map<string, string> | null = null;

  for (const line of lines) {
    if (line.text === '') {
      current = null;
      continue;
    }

    const equals = line.text.indexOf('=');
    const key = line.text.slice(0, equals);
    if (equals < 0 || !properties.includes(key)) {
      return reject(section, line, `a property line, one of ${properties.join(', ')}`);
    }
    if (current === null || current.has(key)) {
      current = new Map();
      blocks.push(current);
    }
    current.set(key, line.text.slice(equals + 1));
  }

  return blocks;
}

const UNIT_PROPERTIES = ['Id', 'LoadState', 'ActiveState', 'SubState', 'UnitFileState'];

/**
 * Parses the `units` section. Returns null when systemctl could not be asked
 * (the caller decides whether that is acceptable for the host's state).
 */
export function parseUnits(section: Section): Record<string, UnitFact> | null {
  const blocks = parseUnitBlocks(section, UNIT_PROPERTIES);
  if (blocks === null) {
    return null;
  }

  const units: Record<string, UnitFact> = {};
  for (const [name, block] of blocks) {
    units[name] = {
      loadState: required(section, name, block, 'LoadState'),
      activeState: required(section, name, block, 'ActiveState'),
      subState: required(section, name, block, 'SubState'),
      unitFileState: block.get('UnitFileState') ?? '',
    };
  }

  return units;
}

/** Returns a property of a unit's block, rejecting the section when it is missing or empty. */
export function required(section: Section, unit: string, block: Map<string, string>, key: string): string {
  const value = block.get(key);
  if (value === undefined || value === '') {
    return reject(section, null, `a ${key} value for ${unit}`);
  }

  return value;
}

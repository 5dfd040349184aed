/**
 * Fact keys: paths into HostFacts such as `os.codename`,
 * `units[postfix.service]` or `postgres.clusters[15/main]`. Fields are
 * separated by dots. A bracket selects a map entry by its key, or an array
 * element by its identity. The identity is `VERSION/NAME` for PostgreSQL
 * clusters, `path` for apt files, conffiles, disk entries and file facts,
 * and `name` for template overrides and interfaces. A saved plan
 * fingerprints each key, so resolving a key must give the same fact every time.
 */
import { isRecord } from '../config/key-path.js';

/** One step of a fact key: a field, or a bracketed selector. */
export type FactKeyPart = { field: string } | { select: string };

const FIELD = /^[A-Za-z][A-Za-z0-9_]*/;

/** Splits a fact key into fields and selectors, or returns undefined when it is malformed. */
export function parseFactKey(key: string): FactKeyPart[] | undefined {
  const parts: FactKeyPart[] = [];
  let rest = key;
  let first = true;
  while (rest !== '') {
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close <= 1 || first) {
        return undefined;
      }
      parts.push({ select: rest.slice(1, close) });
      rest = rest.slice(close + 1);
      continue;
    }

    if (!first) {
      if (!rest.startsWith('.')) {
        return undefined;
      }
      rest = rest.slice(1);
    }
    const field = FIELD.exec(rest)?.[0];
    if (field === undefined) {
      return undefined;
    }
    parts.push({ field });
    rest = rest.slice(field.length);
    first = false;
  }

  return parts.length === 0 ? undefined : parts;
}

/**
 * Returns the fact a key points at, or undefined when the key is malformed
 * or the fact is absent (a unit the probe did not find, a file that does not
 * exist). A `null` in the facts is returned as null: the probe looked and
 * found nothing, which is itself a fact.
 */
export function factAt(facts: unknown, key: string): unknown {
  const parts = parseFactKey(key);
  if (parts === undefined) {
    return undefined;
  }

  let value: unknown = facts;
  for (const part of parts) {
    value = 'field' in part ? fieldOf(value, part.field) : selectFrom(value, part.select);
    if (value === undefined) {
      return undefined;
    }
  }

  return value;
}

function fieldOf(value: unknown, field: string): unknown {
  return isRecord(value) && Object.hasOwn(value, field) ? value[field] : undefined;
}

function selectFrom(value: unknown, selector: string): unknown {
  if (Array.isArray(value)) {
    return value.find((element) => elementIdentity(element) === selector);
  }

  return fieldOf(value, selector);
}

/** Returns the identity an array element is selected by, or undefined for elements without one. */
export function elementIdentity(element: unknown): string | undefined {
  if (!isRecord(element)) {
    return undefined;
  }
  if (typeof element.version === 'number' && typeof element.name === 'string') {
    return `${element.version}/${element.name}`;
  }
  if (typeof element.path === 'string') {
    return element.path;
  }

  return typeof element.name === 'string' ? element.name : undefined;
}

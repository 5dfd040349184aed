/**
 * Size limits of a desired state, checked before schema validation. Ajv's
 * time grows with the square of the number of errors it collects, and a
 * 1 MiB file can hold 100,000 invalid list items (17 s measured on a 2-core
 * machine). No real desired state lists more than a few dozen packages,
 * units or files.
 */
import { isRecord, type PathSegment } from './key-path.js';
import type { SchemaProblem } from './schema-errors.js';

/** Most entries a list or table of the desired state may have. */
export const MAX_ENTRIES = 1000;

/** Returns a problem for each list or table with more than MAX_ENTRIES entries, outermost first. */
export function oversizedCollections(data: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const pending: [unknown, PathSegment[]][] = [[data, []]];
  while (pending.length > 0) {
    const [value, path] = pending.shift()!;
    const entries = entriesOf(value);
    if (entries.length > MAX_ENTRIES) {
      problems.push({
        path,
        message: `has ${entries.length} entries, more than the ${MAX_ENTRIES} that pmgup accepts`,
      });
      continue;
    }
    for (const [key, child] of entries) {
      pending.push([child, [...path, key]]);
    }
  }

  return problems;
}

function entriesOf(value: unknown): [PathSegment, unknown][] {
  if (Array.isArray(value)) {
    return value.map((item, index) => [index, item]);
  }

  return isRecord(value) ? Object.entries(value) : [];
}

/**
 * Fingerprints of the facts a plan was made from, and the comparison that
 * finds a stale plan. A fingerprint is the hex SHA-256 of the fact's
 * canonical JSON (object keys sorted at every level, no whitespace), or
 * `absent` when the key resolves to nothing.
 */
import { createHash } from 'node:crypto';

import { JSON_DIALECT } from '../config/dialect.js';
import { previewValue } from '../config/preview.js';
import type { HostFacts } from '../probe/facts.js';
import { factAt } from './fact-key.js';

export { factAt } from './fact-key.js';

/** The fingerprint of a fact that does not exist. */
export const ABSENT = 'absent';

/** A fact whose fingerprint differs between a saved plan and the host now. */
export interface StaleFact {
  key: string;
  change: 'appeared' | 'disappeared' | 'changed';
  /** The saved state: `absent`, or `present (fingerprint 1a2b3c4d…)`. */
  before: string;
  /** The current state: `absent`, or the current value, shortened. */
  after: string;
}

/** Encodes a JSON value with object keys sorted at every level, so equal facts encode equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  }
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }

  const record = value as Record<string, unknown>;
  const fields = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);

  return `{${fields.join(',')}}`;
}

/** Returns the fingerprint of one fact. */
export function fingerprintOf(value: unknown): string {
  return value === undefined
    ? ABSENT
    : createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** Returns the fingerprint of each key, in sorted key order. Keys that do not resolve get `absent`. */
export function fingerprintFacts(facts: HostFacts, keys: Iterable<string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key of [...new Set(keys)].sort()) {
    result[key] = fingerprintOf(factAt(facts, key));
  }

  return result;
}

/** Lists each saved fingerprint that differs from the facts now, in sorted key order. */
export function compareFingerprints(
  saved: Readonly<Record<string, string>>,
  facts: HostFacts,
): StaleFact[] {
  const stale: StaleFact[] = [];
  for (const key of Object.keys(saved).sort()) {
    const value = factAt(facts, key);
    const now = fingerprintOf(value);
    const before = saved[key]!;
    if (now === before) {
      continue;
    }

    let change: StaleFact['change'] = 'changed';
    if (before === ABSENT) {
      change = 'appeared';
    } else if (now === ABSENT) {
      change = 'disappeared';
    }
    stale.push({
      key,
      change,
      before: before === ABSENT ? ABSENT : `present (fingerprint ${before.slice(0, 8)}…)`,
      after: value === undefined ? ABSENT : previewValue(value, JSON_DIALECT),
    });
  }

  return stale;
}

/**
 * Converts parsed TOML data into plain JSON-like data for validation. TOML
 * has values that JSON Schema cannot name (dates, times, floats, integers
 * beyond 2^53), and no key of the desired state accepts them. Each becomes a
 * symbol whose description names the value, so every schema check fails on
 * it and the message reads "found the TOML local date 1979-05-27 at line 3,
 * column 9, expected a string". The TOML parser makes those symbols itself
 * (see toml-document.ts); this module also accepts data built in code,
 * which may hold a Date or a BigInt.
 */
import { isRecord } from './key-path.js';

/** Tables nested deeper than this are replaced; the desired state is three levels deep. */
export const MAX_DEPTH = 32;

/** Returns the symbol that replaces a value nested deeper than MAX_DEPTH. */
export function tooDeep(): symbol {
  return Symbol(`a value nested more than ${MAX_DEPTH} levels deep`);
}

/** Returns a copy with plain objects and arrays, and TOML-only values replaced by descriptive symbols. */
export function plainTomlData(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) {
    return tooDeep();
  }
  if (value instanceof Date) {
    return Symbol(`the TOML offset date-time ${value.toISOString()}`);
  }
  if (typeof value === 'bigint') {
    return bigintValue(value);
  }
  if (Array.isArray(value)) {
    return value.map((item) => plainTomlData(item, depth + 1));
  }
  if (isRecord(value)) {
    return plainTable(value, depth);
  }

  return value;
}

function plainTable(table: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(table)) {
    // defineProperty, because assigning a key named `__proto__` would change the prototype.
    Object.defineProperty(out, key, {
      value: plainTomlData(table[key], depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }

  return out;
}

/** Returns a BigInt as a number when that is exact, else as a symbol naming it. */
function bigintValue(value: bigint): number | symbol {
  if (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return Number(value);
  }

  return Symbol(`the integer ${value} (too large)`);
}

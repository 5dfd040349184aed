/**
 * Converts what the TOML parser returns into plain JSON-like data for
 * validation. TOML has types that JSON Schema cannot name (dates, times,
 * integers beyond 2^53), and no key of the desired state accepts them. Each
 * becomes a symbol whose description names the value, so every schema check
 * fails on it and the message reads "found the TOML local date 1979-05-27,
 * expected a string".
 */
import { isRecord } from './key-path.js';

/** Tables nested deeper than this are replaced; the desired state is three levels deep. */
const MAX_DEPTH = 32;

/** Returns a copy with plain objects and arrays, and TOML-only values replaced by descriptive symbols. */
export function plainTomlData(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) {
    return Symbol(`a value nested more than ${MAX_DEPTH} levels deep`);
  }
  if (value instanceof Date) {
    return Symbol(`the TOML ${dateKind(value)} ${value.toISOString()}`);
  }
  if (typeof value === 'bigint') {
    return Symbol(bigintDescription(value));
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

/** Names the TOML date-time type; @iarna/toml marks local values with flags on the Date. */
function dateKind(value: Date): string {
  const flags = value as Date & { isDate?: boolean; isTime?: boolean; isFloating?: boolean };
  if (flags.isDate) {
    return 'local date';
  }
  if (flags.isTime) {
    return 'local time';
  }

  return flags.isFloating ? 'local date-time' : 'offset date-time';
}

/**
 * Describes an integer that @iarna/toml returned as a BigInt.
 * NOTE: @iarna/toml 3.0.0 wraps literals beyond 64 bits modulo 2^64, so
 * `18446744073709557048` arrives as 5432. The parser returns a BigInt only
 * for literals beyond 2^53, so a BigInt with a small value must have wrapped.
 */
function bigintDescription(value: bigint): string {
  const limit = 2n ** 53n;
  if (value > -limit && value < limit) {
    return 'an integer beyond the 64-bit range of TOML';
  }

  return `the integer ${value} (too large)`;
}

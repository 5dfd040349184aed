/**
 * TOML integers and floats, converted for schema validation. TOML keeps the
 * two apart (`900` is an integer, `900.0` and `9e2` are floats) and allows
 * integers from -2^63 to 2^63-1, but JavaScript has one number type that is
 * exact only up to 2^53. So only an integer within ±(2^53-1) becomes a
 * number. Every float and every larger integer becomes a symbol that quotes
 * the literal as written with its position, which no schema type accepts.
 */
import type { SchemaNode } from './schema-files.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A float literal of the file, kept to suggest the integer it could be written as. */
interface FloatLiteral {
  text: string;
  value: number;
}

// Node 20 accepts a symbol as a WeakMap key (ES2023), but the ES2022 type
// library that the build uses declares only objects, hence the casts.
const floats = new WeakMap<object, FloatLiteral>();

/** Returns an integer literal's value: a number when it is exact, else a symbol describing it. */
export function integerValue(text: string, value: bigint, location: string): number | symbol {
  if (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return Number(value);
  }
  if (value < INT64_MIN || value > INT64_MAX) {
    return Symbol(`the integer ${text} (beyond the 64-bit range of TOML) at ${location}`);
  }

  return Symbol(`the integer ${text} at ${location}`);
}

/** Returns a symbol describing a float literal; `value` is what the parser read from `text`. */
export function floatValue(text: string, value: number, location: string): symbol {
  const described = Symbol(`the float ${text} at ${location}`);
  floats.set(described as unknown as object, { text, value });

  return described;
}

/**
 * Returns the sentence that names the integer to write in place of a float,
 * such as `. Write 900, because …`, when `value` came from a float literal
 * with a whole value that the integer `schema` allows. Otherwise returns ''.
 */
export function integerFix(value: unknown, schema: SchemaNode): string {
  const literal = typeof value === 'symbol' ? floats.get(value as unknown as object) : undefined;
  if (literal === undefined || schema.type !== 'integer' || !Number.isInteger(literal.value)) {
    return '';
  }

  // `-0.0` is a whole float too, and its integer is written `0`.
  const whole = literal.value === 0 ? 0 : literal.value;
  if (!allows(schema, whole)) {
    return '';
  }

  return `. Write ${whole}, because TOML reads ${literal.text} as a float, not as an integer`;
}

function allows(schema: SchemaNode, whole: number): boolean {
  if (schema.const !== undefined && schema.const !== whole) {
    return false;
  }
  if (typeof schema.minimum === 'number' && whole < schema.minimum) {
    return false;
  }

  return typeof schema.maximum !== 'number' || whole <= schema.maximum;
}

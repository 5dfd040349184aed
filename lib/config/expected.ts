/**
 * The "expected …" half of a validation message: what a schema keyword
 * allows, in words. Shared by the desired-state and the plan-file loaders.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';

import type { Dialect } from './dialect.js';
import { explainPattern } from './pattern-words.js';
import type { SchemaNode } from './schema-files.js';

/** Words for a JSON Schema `type`. */
export function typeWords(type: string, dialect: Dialect): string {
  switch (type) {
    case 'string':
      return 'a string';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean (true or false)';
    case 'array':
      return 'an array';
    case 'object':
      return dialect.anObject;
    case 'null':
      return 'null';
    default:
      return type;
  }
}

/** Joins words as `a`, `a or b`, `a, b or c`. */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) {
    return items.join('');
  }

  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Describes the numeric range a schema allows: `an integer from 1 to 65535`. */
export function rangeWords(schema: SchemaNode, dialect: Dialect): string {
  const noun = typeWords(typeof schema.type === 'string' ? schema.type : 'number', dialect);
  const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  if (min !== undefined && max !== undefined) {
    return `${noun} from ${min} to ${max}`;
  }
  if (min !== undefined) {
    return `${noun} of at least ${min}`;
  }

  return max === undefined ? noun : `${noun} of at most ${max}`;
}

/** Describes what the failed keyword of `error` allows, or undefined for keywords that are not about one value. */
export function expectedWords(error: ErrorObject, dialect: Dialect): string | undefined {
  const schema = (error.parentSchema ?? {}) as SchemaNode;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return typeExpectation(schema, dialect);
    case 'enum':
      return `one of ${orList((params.allowedValues as unknown[]).map((v) => JSON.stringify(v)))}`;
    case 'const':
      return JSON.stringify(params.allowedValue);
    case 'pattern':
      return explainPattern(String(params.pattern), stringOrUndefined(schema.description));
    case 'format':
      return params.format === 'date-time'
        ? 'an RFC 3339 date-time such as 2026-12-01T10:00:00Z'
        : `text in the format ${String(params.format)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return rangeWords(schema, dialect);
    case 'minLength':
      return `at least ${String(params.limit)} characters`;
    case 'maxLength':
      return `at most ${String(params.limit)} characters`;
    default:
      return undefined;
  }
}

function typeExpectation(schema: SchemaNode, dialect: Dialect): string {
  if (schema.const !== undefined) {
    return JSON.stringify(schema.const);
  }

  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [String(schema.type)];
  const hasRange = typeof schema.minimum === 'number' || typeof schema.maximum === 'number';
  if (types.length === 1 && hasRange) {
    return rangeWords(schema, dialect);
  }

  return orList(types.map((t) => typeWords(t, dialect)));
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

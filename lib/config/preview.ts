/**
 * Short, bounded renderings of values for error messages. A value can be
 * huge or deeply nested (a hand-edited plan, a TOML file with a 1 MiB
 * string), so the rendering stops after a fixed budget of characters and
 * never recurses without bound.
 */
import type { Dialect } from './dialect.js';
import { isRecord } from './key-path.js';

/** Maximum characters of a value shown in a message. */
export const PREVIEW_LIMIT = 60;

/** Renders a value as it would be written, cut after `limit` characters with `…`. */
export function previewValue(value: unknown, dialect: Dialect, limit = PREVIEW_LIMIT): string {
  if (typeof value === 'string') {
    return previewString(value, limit);
  }

  const out = { text: '', full: false };
  append(out, value, dialect, limit, 0);

  return out.full ? `${out.text.slice(0, limit)}…` : out.text;
}

/** Names the type of a value: `a string`, `an integer`, `a table`, or a TOML value's own description. */
export function typeName(value: unknown, dialect: Dialect): string {
  if (typeof value === 'symbol') {
    return value.description ?? 'an unsupported value';
  }
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'an integer' : 'a number';
  }
  if (typeof value === 'object') {
    return dialect.anObject;
  }

  return `a ${typeof value}`;
}

/** Renders a value with its type: `the string "x"`, `the integer 70000`, `a table { a = 1 }`. */
export function describeValue(value: unknown, dialect: Dialect): string {
  if (typeof value === 'symbol') {
    return typeName(value, dialect);
  }
  if (value === null) {
    return 'null';
  }

  return `${typeName(value, dialect)} ${previewValue(value, dialect)}`;
}

function previewString(text: string, limit: number): string {
  if (text.length <= limit) {
    return JSON.stringify(text);
  }

  return `${JSON.stringify(text.slice(0, limit))}… (${text.length} characters)`;
}

interface Output {
  text: string;
  full: boolean;
}

function append(out: Output, value: unknown, dialect: Dialect, limit: number, depth: number): void {
  if (out.full) {
    return;
  }
  if (out.text.length > limit || depth > 8) {
    out.full = true;

    return;
  }

  if (Array.isArray(value)) {
    appendList(
      out,
      value.map((item) => [undefined, item] as const),
      '[',
      ']',
      dialect,
      limit,
      depth,
    );
  } else if (isRecord(value)) {
    const entries = Object.entries(value).map(([key, item]) => [key, item] as const);
    appendList(out, entries, '{', '}', dialect, limit, depth);
  } else {
    out.text += scalarText(value, limit);
  }
}

function appendList(
  out: Output,
  entries: readonly (readonly [string | undefined, unknown])[],
  open: string,
  close: string,
  dialect: Dialect,
  limit: number,
  depth: number,
): void {
  out.text += open;
  for (const [index, [key, item]] of entries.entries()) {
    if (out.text.length > limit) {
      out.full = true;

      return;
    }
    out.text += index === 0 ? '' : ', ';
    if (key !== undefined) {
      out.text += dialect.keyValue(key, '');
    }
    append(out, item, dialect, limit, depth + 1);
  }
  out.text += close;
}

function scalarText(value: unknown, limit: number): string {
  if (typeof value === 'string') {
    return previewString(value, limit);
  }
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? String(value)
      : Number.isNaN(value)
        ? 'nan'
        : value > 0
          ? 'inf'
          : '-inf';
  }
  if (typeof value === 'symbol') {
    return value.description ?? '?';
  }

  return String(value);
}

/**
 * A JSON syntax checker that finds the first error with its exact position,
 * and rejects duplicate property names. `JSON.parse` reports some errors
 * without a position and keeps the last of two duplicate properties silently.
 * A reviewer reading the first `"step"` of an action while apply ran the
 * second would defeat the review, so a duplicate is an error here.
 * The checker is iterative, so deeply nested input cannot overflow the stack.
 */

/** The first syntax problem in a text: its index (UTF-16 code units) and a message. */
export interface JsonSyntaxProblem {
  index: number;
  message: string;
}

type Frame = { kind: 'object'; keys: Set<string> } | { kind: 'array' };
type Expect =
  'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const LITERALS = ['true', 'false', 'null'];
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** Returns the first syntax problem of an RFC 8259 JSON text, or undefined when it is valid. */
export function findJsonProblem(text: string): JsonSyntaxProblem | undefined {
  const stack: Frame[] = [];
  let expect: Expect = 'value';
  let i = 0;

  for (;;) {
    while (i < text.length && WHITESPACE.has(text[i]!)) {
      i += 1;
    }
    if (i >= text.length) {
      return expect === 'end' ? undefined : endProblem(text.length, stack.length);
    }

    const step = scanStep(text, i, expect, stack);
    if ('message' in step) {
      return step;
    }
    i = step.next;
    expect = step.expect;
  }
}

type Step = { next: number; expect: Expect } | JsonSyntaxProblem;

function scanStep(text: string, i: number, expect: Expect, stack: Frame[]): Step {
  const c = text[i]!;
  const afterValue = (next: number): Step => ({
    next,
    expect: stack.length === 0 ? 'end' : 'comma-or-close',
  });

  switch (expect) {
    case 'value':
    case 'value-or-close':
      if (c === ']' && expect === 'value-or-close') {
        stack.pop();

        return afterValue(i + 1);
      }

      return scanValue(text, i, stack, afterValue);
    case 'key':
    case 'key-or-close':
      if (c === '}' && expect === 'key-or-close') {
        stack.pop();

        return afterValue(i + 1);
      }

      return scanKey(text, i, stack);
    case 'colon':
      return c === ':'
        ? { next: i + 1, expect: 'value' }
        : problem(i, `expected ':' after the property name, found ${show(c)}`);
    case 'comma-or-close':
      return scanSeparator(text, i, stack, afterValue);
    case 'end':
      return problem(i, `unexpected ${show(c)} after the end of the document`);
  }
}

function scanValue(
  text: string,
  i: number,
  stack: Frame[],
  afterValue: (next: number) => Step,
): Step {
  const c = text[i]!;
  if (c === '{') {
    stack.push({ kind: 'object', keys: new Set() });

    return { next: i + 1, expect: 'key-or-close' };
  }
  if (c === '[') {
    stack.push({ kind: 'array' });

    return { next: i + 1, expect: 'value-or-close' };
  }
  if (c === '"') {
    const end = scanString(text, i);

    return typeof end === 'number' ? afterValue(end) : end;
  }
  if (c === '-' || (c >= '0' && c <= '9')) {
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);

    return match === null ? problem(i, 'invalid number') : afterValue(i + match[0].length);
  }

  const literal = LITERALS.find((word) => text.startsWith(word, i));
  if (literal !== undefined) {
    return afterValue(i + literal.length);
  }

  return problem(i, `expected a value, found ${show(c)}`);
}

function scanKey(text: string, i: number, stack: Frame[]): Step {
  if (text[i] !== '"') {
    return problem(i, `expected a property name in double quotes, found ${show(text[i]!)}`);
  }

  const end = scanString(text, i);
  if (typeof end !== 'number') {
    return end;
  }
  const key = JSON.parse(text.slice(i, end)) as string;
  const frame = stack[stack.length - 1] as { kind: 'object'; keys: Set<string> };
  if (frame.keys.has(key)) {
    return problem(i, `duplicate property ${JSON.stringify(key)} in the same object`);
  }
  frame.keys.add(key);

  return { next: end, expect: 'colon' };
}

function scanSeparator(
  text: string,
  i: number,
  stack: Frame[],
  afterValue: (next: number) => Step,
): Step {
  const frame = stack[stack.length - 1]!;
  const close = frame.kind === 'object' ? '}' : ']';
  if (text[i] === ',') {
    return { next: i + 1, expect: frame.kind === 'object' ? 'key' : 'value' };
  }
  if (text[i] === close) {
    stack.pop();

    return afterValue(i + 1);
  }

  return problem(i, `expected ',' or '${close}', found ${show(text[i]!)}`);
}

/** Returns the index after the closing quote of the string starting at `start`, or the problem in it. */
function scanString(text: string, start: number): number | JsonSyntaxProblem {
  let j = start + 1;
  while (j < text.length) {
    const code = text.charCodeAt(j);
    if (code === 0x22) {
      return j + 1;
    }
    if (code < 0x20) {
      return problem(
        j,
        `control character U+${code.toString(16).padStart(4, '0').toUpperCase()} in a string, which must be escaped`,
      );
    }
    if (code !== 0x5c) {
      j += 1;
      continue;
    }

    const escape = text[j + 1];
    if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
      j += 2;
    } else if (escape === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(j + 2, j + 6))) {
      j += 6;
    } else {
      return problem(j, `invalid escape ${show(text.slice(j, j + 2))} in a string`);
    }
  }

  return problem(start, 'unterminated string');
}

function endProblem(index: number, open: number): JsonSyntaxProblem {
  const unclosed = open === 0 ? '' : ` with ${open} unclosed bracket${open === 1 ? '' : 's'}`;

  return problem(index, `unexpected end of the document${unclosed}. The file may be truncated`);
}

function problem(index: number, message: string): JsonSyntaxProblem {
  return { index, message };
}

function show(text: string): string {
  if (text === '\uFEFF') {
    return 'a byte order mark (U+FEFF)';
  }

  return JSON.stringify(text);
}

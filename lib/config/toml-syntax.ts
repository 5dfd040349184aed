/**
 * Wording and position of TOML syntax errors. toml-eslint-parser names the
 * offset where it stopped and a short message. Where the message is terse,
 * it is replaced by one that names what was expected and what was found
 * there. Where the parser only noticed a problem at the next line, such as a
 * table header without its closing bracket, the position moves back to the
 * end of the line that is incomplete.
 */
import { textLocation } from './text-location.js';

/**
 * Wording for the parser's terse messages, keyed by the parser's message.
 * A `found …` clause follows each.
 */
const MESSAGES: Record<string, string> = {
  'Unspecified values are invalid': 'expected a value',
  'Unexpected character': 'unexpected character',
  'Unexpected token': 'unexpected token',
  'Must be a newline': 'expected the end of the line after the value',
  'Expected equal (=) token': 'expected "=" after the key',
  'Expected comma (,) token': 'expected "," or a closing bracket',
  'Unterminated string constant': 'unterminated string',
  'Unterminated table-key': 'unterminated table header',
  'Unterminated array': 'unterminated array',
  'Unterminated inline table': 'unterminated inline table',
  'The key, equals sign, and value must be on the same line':
    'expected the key, "=" and the value on one line',
  'No newlines are allowed between the curly braces unless they are valid within a value':
    'unterminated inline table, expected "}" on the same line',
};

/**
 * Wording for messages about a whole value, where naming the character at
 * the position would mislead.
 */
const PLAIN_MESSAGES: Record<string, string> = {
  'Unexpected invalid date': 'invalid date',
  'Unexpected invalid time': 'invalid time',
  'Underscores are allowed between digits': 'an underscore must stand between two digits',
};

const DUPLICATE_KEY = 'Defining a key multiple times is invalid';

/**
 * Messages about a line that ended too early, which the parser reports at
 * the first token of the next line.
 */
const ENDED_EARLY = new Set([
  'Unspecified values are invalid',
  'Unterminated table-key',
  'Unterminated array',
  'Unterminated inline table',
  'Unterminated string constant',
  'The key, equals sign, and value must be on the same line',
  'No newlines are allowed between the curly braces unless they are valid within a value',
]);

/** A syntax error as pmgup reports it. */
export interface SyntaxProblem {
  /** `line L, column C` */
  location: string;
  message: string;
}

/** Returns the location and wording of the parser's error at UTF-16 offset `index` of `text`. */
export function syntaxProblem(parserMessage: string, index: number, text: string): SyntaxProblem {
  const at = Math.max(0, Math.min(index, text.length));
  if (parserMessage === DUPLICATE_KEY) {
    return {
      location: textLocation(text, at),
      message: `the key ${keyAt(text, at)} is already defined`,
    };
  }

  // A file that ends too early is reported where its last line ends.
  const lineEnd = endOfPreviousLine(text, at);
  const endedEarly =
    at === text.length ||
    ENDED_EARLY.has(parserMessage) ||
    (lineEnd !== undefined && endsWithEquals(text, lineEnd));
  if (lineEnd === undefined || !endedEarly) {
    return { location: textLocation(text, at), message: wordingAt(parserMessage, text, at) };
  }

  const found = at === text.length ? 'the end of the file' : 'the end of the line';
  const wording = endedEarlyWording(parserMessage, text, lineEnd);

  return { location: textLocation(text, lineEnd), message: `${wording}, found ${found}` };
}

function wordingAt(parserMessage: string, text: string, at: number): string {
  const plain = PLAIN_MESSAGES[parserMessage];
  if (plain !== undefined) {
    return plain;
  }
  const wording = MESSAGES[parserMessage];

  return wording === undefined
    ? lowerFirst(parserMessage)
    : `${wording}, found ${foundAt(text, at)}`;
}

/**
 * Returns the offset just after the last non-blank character before `at`
 * when `at` starts a line (after blanks) or is the end of the file, and
 * undefined when `at` follows other text on its line.
 */
function endOfPreviousLine(text: string, at: number): number | undefined {
  const before = text.slice(0, at);
  const end = before.trimEnd().length;
  const startsLine = before.slice(end).includes('\n');

  return end > 0 && (startsLine || at === text.length) ? end : undefined;
}

/** Returns true when the line ending at `end` is `key =`, with no value and no comment. */
function endsWithEquals(text: string, end: number): boolean {
  const line = text.slice(text.lastIndexOf('\n', end - 1) + 1, end);

  return /^[^#]*=$/.test(line.trim());
}

/** Names what the line ending at `end` lacks, judged from how it starts or ends. */
function endedEarlyWording(parserMessage: string, text: string, end: number): string {
  const line = text.slice(text.lastIndexOf('\n', end - 1) + 1, end).trim();
  if (line.startsWith('[') && !line.includes('=')) {
    return `unterminated table header, expected "${line.startsWith('[[') ? ']]' : ']'}"`;
  }
  if (endsWithEquals(text, end)) {
    return 'expected a value after "="';
  }
  if (line.endsWith('[') || line.endsWith(',')) {
    return 'unterminated array, expected a value or "]"';
  }
  if (line.endsWith('{')) {
    return 'unterminated inline table, expected a key or "}"';
  }

  return MESSAGES[parserMessage] ?? lowerFirst(parserMessage);
}

function lowerFirst(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1);
}

function foundAt(text: string, at: number): string {
  if (at >= text.length) {
    return 'the end of the file';
  }

  const char = String.fromCodePoint(text.codePointAt(at)!);
  if (char === '\n' || char === '\r') {
    return 'the end of the line';
  }

  return char === '"' ? `'"'` : JSON.stringify(char);
}

/**
 * Returns the key that starts at `at` as written, in quotes when it is
 * bare, cut after 60 characters.
 */
function keyAt(text: string, at: number): string {
  const quote = text[at];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, at + 1);

    return text.slice(at, close < 0 ? at + 60 : Math.min(close + 1, at + 60));
  }
  const bare = /^[A-Za-z0-9_-]{1,60}/.exec(text.slice(at, at + 60))?.[0];

  return bare === undefined ? 'at this position' : JSON.stringify(bare);
}

/**
 * Positions of the words in one line of an apt sources file, so an edit can
 * replace exactly one word and leave every other byte of the line as it was
 * (URIs with credentials, `[options]`, spacing, trailing comments, `\r`).
 */

export interface Token {
  text: string;
  /** Offset of the first character in the line. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

export interface OneLineTokens {
  type: Token;
  options: Token | null;
  uri: Token;
  suite: Token;
  components: Token[];
}

/** Splits `text` into whitespace-separated words with their offsets, starting at `from`. */
function words(text: string, from: number, to: number): Token[] {
  const tokens: Token[] = [];
  const pattern = /[^\s]+/g;
  pattern.lastIndex = from;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null && match.index < to) {
    const end = Math.min(match.index + match[0].length, to);
    tokens.push({ text: text.slice(match.index, end), start: match.index, end });
  }

  return tokens;
}

/** Offset where a `#` comment starts, or the line length. apt ends a one-line entry at the first `#`. */
function commentStart(line: string): number {
  const hash = line.indexOf('#');

  return hash < 0 ? line.length : hash;
}

/**
 * Tokenizes an enabled one-line entry (`deb [opts] URI SUITE COMPONENT...`).
 * Returns null for a comment, a blank line or a line that is not an entry.
 */
export function tokenizeOneLine(line: string): OneLineTokens | null {
  const end = commentStart(line);
  const first = words(line, 0, end)[0];
  if (!first || (first.text !== 'deb' && first.text !== 'deb-src')) {
    return null;
  }

  let position = first.end;
  let options: Token | null = null;
  const open = line.slice(position, end).search(/\S/);
  if (open >= 0 && line[position + open] === '[') {
    const close = line.indexOf(']', position + open);
    if (close < 0 || close >= end) {
      return null;
    }
    options = { text: line.slice(position + open, close + 1), start: position + open, end: close + 1 };
    position = close + 1;
  }

  const rest = words(line, position, end);
  if (rest.length < 2) {
    return null;
  }

  return { type: first, options, uri: rest[0], suite: rest[1], components: rest.slice(2) };
}

const FIELD_LINE = /^([A-Za-z][A-Za-z0-9-]*)\s*:/;

/** Returns the lower-cased field name of a deb822 field line, or null for other lines. */
export function fieldName(line: string): string | null {
  const match = FIELD_LINE.exec(line);

  return match ? match[1].toLowerCase() : null;
}

/** A line belongs to a deb822 field: its own field line or a continuation line below it. */
export function fieldOfLine(lines: readonly string[], index: number): string | null {
  if (index < 0 || index >= lines.length || lines[index].startsWith('#')) {
    return null;
  }

  for (let i = index; i >= 0; i -= 1) {
    const line = lines[i];
    if (line.trim() === '') {
      return null;
    }
    // Comments may sit between a field and its continuation lines.
    if (line.startsWith('#') || /^\s/.test(line)) {
      continue;
    }

    return fieldName(line);
  }

  return null;
}

/** The value words of a deb822 field line or continuation line, before any `#` comment. */
export function fieldValueTokens(line: string): Token[] {
  const end = commentStart(line);
  const colon = fieldName(line) === null ? -1 : line.indexOf(':');

  return words(line, colon + 1, end);
}

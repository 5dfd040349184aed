/**
 * Decoding input files as UTF-8 and naming positions in them as
 * `line L, column C` (both 1-based, columns counted in characters).
 */

/** The result of decoding: the text, or the first invalid byte with its location. */
export type DecodeResult =
  { ok: true; text: string } | { ok: false; location: string; message: string };

const REPLACEMENT = '\uFFFD';
const ENCODED_REPLACEMENT = [0xef, 0xbf, 0xbd];

/** Decodes bytes as UTF-8 and rejects invalid sequences with their location. A leading BOM is dropped. */
export function decodeUtf8(bytes: Uint8Array): DecodeResult {
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;

  // The lenient decoder turns each invalid sequence into U+FFFD; a U+FFFD
  // whose bytes are not EF BF BD marks the first invalid byte.
  let searchFrom = 0;
  let byteOffset = bom;
  let counted = 0;
  for (;;) {
    const index = text.indexOf(REPLACEMENT, searchFrom);
    if (index < 0) {
      return { ok: true, text };
    }

    byteOffset += Buffer.byteLength(text.slice(counted, index));
    counted = index;
    if (!ENCODED_REPLACEMENT.every((b, i) => bytes[byteOffset + i] === b)) {
      const byte = bytes[byteOffset] ?? 0;

      return {
        ok: false,
        location: textLocation(text, index),
        message: `invalid UTF-8 byte 0x${byte.toString(16).padStart(2, '0')} at byte offset ${byteOffset}`,
      };
    }
    searchFrom = index + 1;
  }
}

/** Returns `line L, column C` for an index into `text` (UTF-16 code units, as JavaScript counts). */
export function textLocation(text: string, index: number): string {
  const { line, column } = lineAndColumn(text, index);

  return `line ${line}, column ${column}`;
}

/** Returns the 1-based line and column (in code points) of an index into `text`. */
export function lineAndColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(index, text.length)));
  const lastNewline = before.lastIndexOf('\n');
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) {
    line += 1;
  }

  return { line, column: [...before.slice(lastNewline + 1)].length + 1 };
}

/**
 * Escaping for text that came from a host (file names, package output,
 * diffs) before it reaches a terminal, so a crafted string cannot move the
 * cursor, change colours, retitle the window or hide lines.
 */

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Replaces control characters (newline and tab excepted) with visible `\xNN` / `\u{NNNN}` escapes. */
export function escapeTerminal(text: string): string {
  return text.replace(CONTROL, (char) => {
    const code = char.codePointAt(0)!;

    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** Like escapeTerminal, and also escapes newlines and tabs: for values shown on one line. */
export function escapeInline(text: string): string {
  return escapeTerminal(text).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

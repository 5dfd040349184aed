/**
 * POSIX shell quoting for every value pmgup puts into a command line that a
 * host's /bin/sh will parse. Single quotes keep everything literal except a
 * single quote itself, which is closed, escaped and reopened.
 */

/** Quotes one value so the shell sees exactly one literal word. */
export function shellQuote(value: string): string {
  if (value.includes('\0')) {
    throw new TypeError(`a shell argument cannot contain a NUL byte: ${JSON.stringify(value)}`);
  }
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(value) && !value.startsWith('-')) {
    return value;
  }

  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Quotes each word and joins them with spaces into one command. */
export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/**
 * ANSI colours for the human views. A Palette with `enabled: false` returns
 * text unchanged, which is what pipes, files and `--no-color` get.
 */

export interface Palette {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

function wrap(enabled: boolean, open: number, close: number): (text: string) => string {
  return (text) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text);
}

export function palette(enabled: boolean): Palette {
  return {
    enabled,
    bold: wrap(enabled, 1, 22),
    dim: wrap(enabled, 2, 22),
    red: wrap(enabled, 31, 39),
    green: wrap(enabled, 32, 39),
    yellow: wrap(enabled, 33, 39),
    cyan: wrap(enabled, 36, 39),
  };
}

/**
 * Decides whether to colour a stream: never with `--no-color` or the
 * NO_COLOR convention, otherwise only on a terminal.
 */
export function colorWanted(stream: { isTTY?: boolean }, noColorFlag: boolean, env = process.env): boolean {
  if (noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) {
    return false;
  }

  return stream.isTTY === true && env.TERM !== 'dumb';
}

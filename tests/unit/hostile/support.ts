/**
 * Helpers for the hostile-input tests: a seeded random source, hostile
 * strings, a CLI run with captured output, and the assertion every broken
 * input must pass (exit 1, a located message, no internal error).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { main } from '../../../lib/cli/main.js';
import type { CliIO } from '../../../lib/cli/io.js';

/**
 * A small deterministic random source (mulberry32), so a failing case can
 * be reproduced from its seed and index.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Returns a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Returns an integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) {
      out[i] = this.int(0, 255);
    }

    return out;
  }
}

/** Pieces a shell, a terminal or a parser treats specially. `CANARY` is replaced by a path. */
const HOSTILE_PIECES = [
  "'",
  '"',
  '$(touch CANARY)',
  '`touch CANARY`',
  ';touch CANARY',
  '&& touch CANARY',
  '|touch CANARY',
  '\ntouch CANARY\n',
  '\r',
  '-rf',
  '--help',
  '*',
  '?',
  '[a-z]',
  ' ',
  '\t',
  '\\',
  '${IFS}',
  '$HOME',
  '~root',
  '>CANARY',
  '<&0',
  '#',
  '%s%n',
  '\u00e9\u4e2d\u{1f600}',
  '\u202e',
  '\u001b]0;title\u0007',
  '\u001b[2J',
  "'\\''",
  '!!',
  '{a,b}',
];

/**
 * Returns a hostile string: one to four pieces around ordinary text,
 * sometimes led by a dash and sometimes very long. It never contains NUL,
 * which no command-line argument can carry.
 */
export function hostileString(random: Random, canary: string): string {
  const parts: string[] = [];
  const count = random.int(1, 4);
  for (let i = 0; i < count; i++) {
    parts.push(random.pick(['', 'a', 'x.service', 'pkg', '/etc/x']));
    parts.push(random.pick(HOSTILE_PIECES).replace(/CANARY/g, canary));
  }
  let value = parts.join('');
  if (random.next() < 0.15) {
    value = `-${value}`;
  }
  // Long, but short enough that a script naming the value eight times stays
  // under Linux's 128 KiB limit for one argument, which `sh -c SCRIPT` is.
  if (random.next() < 0.05) {
    value = value + 'y'.repeat(random.int(2_000, 10_000));
  }

  return value === '' ? "'" : value;
}

/** The outcome of one CLI run. */
export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Returns a CliIO that collects output in memory, is no terminal, and has no log settings. */
export function capturedIo(env: NodeJS.ProcessEnv = {}): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];

  return {
    out,
    err,
    stdout: { write: (text: string) => out.push(text), isTTY: false },
    stderr: { write: (text: string) => err.push(text), isTTY: false },
    stdinIsTTY: false,
    env: { NO_COLOR: '1', ...env },
    ask: async () => {
      throw new Error('a hostile-input test must never be asked a question');
    },
  };
}

/** Runs the real CLI entry point with captured output. */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const io = capturedIo(env);
  const started = performance.now();
  const status = await main(argv, io);

  return { status, stdout: io.out.join(''), stderr: io.err.join(''), durationMs: performance.now() - started };
}

/** Maximum time to reject one broken input, generous for a loaded 2-core machine. */
export const MAX_REJECT_MS = 5_000;

const INTERNAL = /internal error/i;
/** `FILE: LOCATION: message`, where LOCATION is a line and column, a TOML key path or a JSON pointer. */
const KEY = '([A-Za-z0-9_-]+|"[^"\\n]*")';
const LOCATED = (file: string) =>
  new RegExp(`${escapeRegExp(file)}: (line \\d+, column \\d+|/[^\\s:]*|${KEY}(\\.${KEY}|\\[\\d+\\])*): `);

/**
 * Asserts the run rejected its input as a user error: exit 1, nothing on
 * stdout, no internal error, and the file with a location on stderr.
 * `wholeFile` accepts a message naming just the file (too large, not a file).
 */
export function assertRejected(run: CliRun, file: string, label: string, wholeFile = false): void {
  assert.equal(run.status, 1, `${label}: exit status ${run.status}\n${run.stderr}`);
  assert.doesNotMatch(run.stderr, INTERNAL, `${label}: internal error\n${run.stderr}`);
  assert.match(run.stderr, /^Error: /, `${label}: no error title\n${run.stderr}`);
  if (wholeFile) {
    assert.ok(run.stderr.includes(file), `${label}: the message does not name ${file}\n${run.stderr}`);
  } else {
    assert.match(run.stderr, LOCATED(file), `${label}: the message has no location\n${run.stderr.slice(0, 2000)}`);
  }
  assert.ok(run.durationMs < MAX_REJECT_MS, `${label}: took ${Math.round(run.durationMs)} ms`);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A temp folder removed by `remove()`. */
export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'pmgup-hostile-'));

  write(name: string, content: string | Uint8Array): string {
    const path = join(this.path, name);
    writeFileSync(path, content);

    return path;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

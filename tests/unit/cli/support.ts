/**
 * Helpers for the CLI tests: run `main()` with captured streams, write
 * facts files into a per-test temporary folder, and a loopback TCP server
 * that counts connections, to prove a command never contacted a host.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CliIO } from '../../../lib/cli/io.js';
import { main } from '../../../lib/cli/main.js';
import type { HostFacts } from '../../../lib/probe/facts.js';

export interface RunOptions {
  /** Pretend stdout is a terminal. */
  tty?: boolean;
  /** The environment passed to the command; defaults to TERM=xterm without NO_COLOR. */
  env?: NodeJS.ProcessEnv;
}

export interface RunOutcome {
  status: number;
  stdout: string;
  stderr: string;
}

/** Returns an io whose streams collect what the command writes. */
export function captureIO(options: RunOptions = {}): CliIO & { stdoutText(): string; stderrText(): string } {
  const out: string[] = [];
  const err: string[] = [];

  return {
    stdout: { write: (text: string) => out.push(text), isTTY: options.tty ?? false, columns: 100 },
    stderr: { write: (text: string) => err.push(text), isTTY: false },
    stdinIsTTY: false,
    env: options.env ?? { TERM: 'xterm' },
    ask: async () => {
      throw new Error('the command asked a question in a test');
    },
    stdoutText: () => out.join(''),
    stderrText: () => err.join(''),
  };
}

/** Runs pmgup with `argv` and returns its exit status and output. */
export async function run(argv: string[], options: RunOptions = {}): Promise<RunOutcome> {
  const io = captureIO(options);
  const status = await main(argv, io);

  return { status, stdout: io.stdoutText(), stderr: io.stderrText() };
}

/** Minimal part of node:test's TestContext used here. */
export interface AfterHook {
  after(fn: () => unknown): void;
}

/** Creates a temporary folder that is removed when the test ends. */
export async function tempDir(t: AfterHook): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pmgup-cli-test-'));
  t.after(() => rm(dir, { recursive: true, force: true }));

  return dir;
}

/** Writes facts as `pmgup probe --out` would and returns the path. */
export async function writeFacts(dir: string, name: string, facts: HostFacts): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `${JSON.stringify(facts, null, 2)}\n`);

  return path;
}

/** A TCP server on 127.0.0.1 that accepts and immediately closes connections, counting them. */
export interface CountingServer {
  port: number;
  connections(): number;
}

/** Starts a CountingServer that is closed when the test ends. */
export async function countingServer(t: AfterHook): Promise<CountingServer> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    count += 1;
    sockets.add(socket);
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  t.after(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  );

  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the counting server has no TCP address');
  }

  return { port: address.port, connections: () => count };
}

/** Matches any ANSI escape sequence (ESC followed by anything). */
export const ESCAPE = /\u001b/;

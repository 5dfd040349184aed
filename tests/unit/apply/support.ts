/**
 * Test helpers for apply: a transport that runs scripts in a local shell
 * inside a temp folder (pmgup's state folder and chosen absolute paths are
 * moved into it, and stub commands come first on PATH), stub commands that
 * record their arguments, and a scripted fake transport.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CommandError, ConnectionError } from '../../../lib/errors.js';
import type { RunOptions, RunResult, Transport } from '../../../lib/transport/types.js';

/** Returns the repository root, found from this module in dist/ or in the source tree. */
export function repositoryRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json')) || !readFileSync(join(directory, 'package.json'), 'utf8').includes('"name": "pmgup"')) {
    directory = dirname(directory);
  }

  return directory;
}

/** One recorded call of a stub command: its name and its arguments, each exactly as received. */
export interface StubCall {
  command: string;
  args: string[];
}

/** A temp folder with a stub bin directory and a call log. */
export class Sandbox {
  readonly root = mkdtempSync(join(tmpdir(), 'pmgup-apply-'));
  readonly bin = join(this.root, 'bin');
  readonly callLog = join(this.root, 'calls');
  /** Absolute paths in scripts that are moved under the sandbox root. */
  readonly moved = new Map<string, string>([['/var/lib/pmgup', join(this.root, 'state')]]);

  constructor() {
    mkdirSync(this.bin);
    writeFileSync(this.callLog, '');
  }

  /** Moves an absolute path of the scripts into the sandbox (created as a folder). */
  move(path: string): string {
    const target = join(this.root, 'moved', path);
    mkdirSync(target, { recursive: true });
    this.moved.set(path, target);

    return target;
  }

  /**
   * Adds a stub command that records its arguments (NUL-separated, so any
   * byte but NUL survives) and then runs `body` (shell, may use "$@").
   */
  stub(name: string, body = 'exit 0'): void {
    const path = join(this.bin, name);
    writeFileSync(
      path,
      [
        '#!/bin/sh',
        `{ printf 'CALL\\0%s\\0' ${JSON.stringify(name)}; for arg in "$@"; do printf '%s\\0' "$arg"; done; printf 'END\\0'; } >> ${JSON.stringify(this.callLog)}`,
        body,
        '',
      ].join('\n'),
    );
    chmodSync(path, 0o755);
  }

  /** Returns every recorded call, oldest first. */
  calls(): StubCall[] {
    const parts = readFileSync(this.callLog, 'utf8').split('\0');
    const calls: StubCall[] = [];
    for (let index = 0; index < parts.length; index++) {
      if (parts[index] !== 'CALL') {
        continue;
      }
      const command = parts[++index]!;
      const args: string[] = [];
      while (parts[++index] !== 'END') {
        args.push(parts[index]!);
      }
      calls.push({ command, args });
    }

    return calls;
  }

  /** Rewrites the script's moved paths into the sandbox. */
  rewrite(script: string): string {
    let result = script;
    for (const [from, to] of this.moved) {
      result = result.split(from).join(to);
    }

    return result;
  }

  /** Runs a script in /bin/sh with the stubs first on PATH. */
  run(script: string, input?: string): { status: number; stdout: string; stderr: string } {
    const result = spawnSync('/bin/sh', ['-c', this.rewrite(script)], {
      input: input ?? '',
      encoding: 'utf8',
      env: { PATH: `${this.bin}:/usr/sbin:/usr/bin:/sbin:/bin`, HOME: this.root, LC_ALL: 'C.UTF-8' },
    });

    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  /** Runs a script like run(), but in a child process that runs while the caller goes on. */
  runAsync(script: string, input?: string): Promise<{ status: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn('/bin/sh', ['-c', this.rewrite(script)], {
        env: { PATH: `${this.bin}:/usr/sbin:/usr/bin:/sbin:/bin`, HOME: this.root, LC_ALL: 'C.UTF-8' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
      // A script that exits without reading its input closes the pipe first.
      child.stdin.on('error', () => {});
      child.stdin.end(input ?? '');
    });
  }

  /** Returns a Transport that runs scripts in this sandbox, each in its own child process. */
  transport(name = 'sandbox'): Transport {
    return {
      name,
      target: `local:${name}`,
      run: async (script: string, options: RunOptions = {}): Promise<RunResult> => {
        const started = Date.now();
        const result = await this.runAsync(script, options.input);
        options.onStdout?.(result.stdout);
        if (result.status !== 0 && !options.allowFailure) {
          throw new CommandError({ host: name, command: script, exitCode: result.status, signal: null, stdout: result.stdout, stderr: result.stderr, durationMs: Date.now() - started });
        }

        return { stdout: result.stdout, stderr: result.stderr, exitCode: result.status, durationMs: Date.now() - started };
      },
      close: async () => {},
    };
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Checks a script's syntax with `sh -n`; returns the shell's complaint, or '' when it parses. */
export function shellSyntaxError(script: string): string {
  try {
    execFileSync('/bin/sh', ['-n', '-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return '';
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
}

/** A handler of the scripted transport: returns output for a script, or throws. */
export type FakeHandler = (script: string, options: RunOptions) => Partial<RunResult> | undefined;

/**
 * A transport whose results come from handlers, tried in order: the first
 * that returns something wins. It records every script it was given.
 */
export class FakeTransport implements Transport {
  readonly name: string;
  readonly target: string;
  readonly scripts: string[] = [];
  readonly inputs: (string | undefined)[] = [];

  constructor(
    private readonly handlers: FakeHandler[],
    name = 'fake',
  ) {
    this.name = name;
    this.target = `fake:${name}`;
  }

  async run(script: string, options: RunOptions = {}): Promise<RunResult> {
    this.scripts.push(script);
    this.inputs.push(options.input);
    for (const handler of this.handlers) {
      const answer = handler(script, options);
      if (answer !== undefined) {
        const result = { stdout: '', stderr: '', exitCode: 0, durationMs: 1, ...answer };
        if (result.stdout !== '') {
          options.onStdout?.(result.stdout);
        }
        if (result.exitCode !== 0 && !options.allowFailure) {
          throw new CommandError({ host: this.name, command: script, exitCode: result.exitCode, signal: null, stdout: result.stdout, stderr: result.stderr, durationMs: 1 });
        }
        return result;
      }
    }

    return { stdout: '', stderr: '', exitCode: 0, durationMs: 1 };
  }

  async close(): Promise<void> {}
}

/** A handler that throws ConnectionError for the first `times` scripts containing `marker`. */
export function dropConnection(marker: string, times: number): FakeHandler {
  let left = times;

  return (script) => {
    if (script.includes(marker) && left > 0) {
      left--;
      throw new ConnectionError('fake', 'the fake connection dropped');
    }

    return undefined;
  };
}

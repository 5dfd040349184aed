import { spawn, type SpawnOptions } from 'node:child_process';

import { log } from './log.js';

/** Output of a finished command. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** A command of the harness that exited with a non-zero status or a signal. */
export class CommandError extends Error {
  override name = 'CommandError';

  constructor(
    readonly command: string[],
    readonly result: CommandResult,
    readonly durationMs: number,
  ) {
    const tail = result.stderr.trim().split('\n').slice(-15).join('\n');
    super(`Command failed with exit code ${result.code}: ${command.join(' ')}\n${tail}`);
  }
}

export interface RunOptions {
  /** Data written to the command's stdin, which is closed afterwards. */
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Resolve with the result instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
  /** Pass the command's stderr through to ours (for long builds). */
  inheritStderr?: boolean;
  timeoutMs?: number;
}

/**
 * Runs a command without a shell and collects its output. Throws a
 * CommandError on a non-zero exit unless `allowFailure` is set.
 */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<CommandResult> {
  const started = Date.now();
  const spawnOptions: SpawnOptions = {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', options.inheritStderr ? 'inherit' : 'pipe'],
  };
  if (options.timeoutMs !== undefined) {
    spawnOptions.timeout = options.timeoutMs;
  }

  log('run', `${command} ${args.join(' ')}`);

  return new Promise((resolve, reject) => {
    const child = spawn(command, args, spawnOptions);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];

    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const result = {
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        code: code ?? (signal ? 128 : 1),
      };

      if (result.code !== 0 && !options.allowFailure) {
        reject(new CommandError([command, ...args], result, Date.now() - started));
        return;
      }

      resolve(result);
    });

    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}

/**
 * Deletes a folder tree without crossing into other file systems, so a mount
 * left inside an image root (/dev, /proc) can never lose its content.
 */
export async function removeTree(path: string): Promise<void> {
  await run('rm', ['-rf', '--one-file-system', path]);
}

/**
 * File helpers on top of any Transport, for probe and apply. Every path is
 * quoted with shellQuote, and file content travels on the script's
 * standard input, never inside the script text. Content is text (UTF-8).
 */
import { posix } from 'node:path';

import { CommandError, InternalError } from '../errors.js';
import { shellQuote } from './quote.js';
import type { Transport } from './types.js';

// Exit status the scripts below use for "no such file"; commands they run
// (cat, sha256sum) exit 1 on their own errors, never with this status.
const MISSING_STATUS = 44;

/** Options for writeRemoteFileAtomic. */
export interface WriteFileOptions {
  /** Owner and group for chown, default `root:root`; null leaves the writing user's. */
  owner?: string | null;
}

/**
 * Returns the content of a file on the host, or null when nothing exists
 * at the path (a dangling symlink counts as missing). Rejects with a
 * CommandError when the file exists but cannot be read.
 */
export async function readRemoteFile(transport: Transport, path: string): Promise<string | null> {
  const quoted = shellQuote(requireAbsolute(path));
  const script = `[ -e ${quoted} ] || exit ${MISSING_STATUS}\nexec cat -- ${quoted}`;
  const result = await transport.run(script, { allowFailure: true });

  return valueUnlessMissing(transport, script, result, () => result.stdout);
}

/**
 * Returns the SHA-256 of a file on the host as 64 lowercase hex digits, or
 * null when nothing exists at the path.
 */
export async function remoteSha256(transport: Transport, path: string): Promise<string | null> {
  const quoted = shellQuote(requireAbsolute(path));
  const script = `[ -e ${quoted} ] || exit ${MISSING_STATUS}\nexec sha256sum -- ${quoted}`;
  const result = await transport.run(script, { allowFailure: true });

  return valueUnlessMissing(transport, script, result, () => {
    const digest = /^\\?([0-9a-f]{64})\s/.exec(result.stdout)?.[1];
    if (digest === undefined) {
      throw new InternalError(`sha256sum on ${transport.name} printed no digest for ${path}: ${result.stdout}`);
    }
    return digest;
  });
}

/**
 * Replaces a file on the host in one step. It writes the content to a temp
 * file in the same directory, flushes it to disk, sets mode and owner, and
 * renames it over the path, so readers get either the old or the new file
 * and never a partial one. The directory must exist. On failure the temp
 * file is removed and the old file is left as it was.
 */
export async function writeRemoteFileAtomic(
  transport: Transport,
  path: string,
  content: string,
  mode: number,
  options: WriteFileOptions = {},
): Promise<void> {
  const script = atomicWriteScript(requireAbsolute(path), checkMode(mode), options.owner ?? 'root:root');
  await transport.run(script, { input: content });
}

/** Builds the shell script of writeRemoteFileAtomic; exported for tests. */
export function atomicWriteScript(path: string, mode: number, owner: string | null): string {
  const dir = shellQuote(posix.dirname(path));
  const template = shellQuote(`${posix.dirname(path)}/.${posix.basename(path)}.pmgup-XXXXXX`);

  return [
    'set -eu',
    `tmp=$(mktemp ${template})`,
    `trap 'rm -f "$tmp"' EXIT`,
    'cat > "$tmp"',
    `chmod ${mode.toString(8).padStart(4, '0')} "$tmp"`,
    ...(owner === null ? [] : [`chown ${shellQuote(owner)} "$tmp"`]),
    // coreutils sync flushes one file when given its name (coreutils 8.24 and
    // later); older systems fall back to flushing everything.
    'sync -- "$tmp" 2>/dev/null || sync',
    `mv -f -- "$tmp" ${shellQuote(path)}`,
    'trap - EXIT',
    // Flushing the directory makes the rename itself survive a crash.
    `sync -- ${dir} 2>/dev/null || true`,
  ].join('\n');
}

function valueUnlessMissing<T>(
  transport: Transport,
  script: string,
  result: { exitCode: number; stdout: string; stderr: string; durationMs: number },
  value: () => T,
): T | null {
  if (result.exitCode === MISSING_STATUS) {
    return null;
  }
  if (result.exitCode !== 0) {
    throw new CommandError({
      host: transport.name,
      command: script,
      exitCode: result.exitCode,
      signal: null,
      stdout: result.stdout,
      stderr: result.stderr,
      durationMs: result.durationMs,
    });
  }

  return value();
}

function requireAbsolute(path: string): string {
  if (!path.startsWith('/')) {
    throw new InternalError(`a remote file path must be absolute, got ${JSON.stringify(path)}`);
  }

  return path;
}

function checkMode(mode: number): number {
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
    throw new InternalError(`a file mode must be an integer from 0 to 0o7777, got ${mode}`);
  }

  return mode;
}

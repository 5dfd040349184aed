/**
 * Turns the outcome of a finished process into what `Transport.run`
 * returns: a RunResult, or a CommandError for a non-zero exit (unless the
 * caller allows it), a signal, a timeout or a failed start.
 */
import { CommandError } from '../errors.js';
import type { ProcessOutcome } from './process.js';
import type { RunResult } from './types.js';

/** A command killed because it ran longer than its `timeoutMs`. */
export class CommandTimeoutError extends CommandError {
  override name = 'CommandTimeoutError';
  readonly timeoutMs: number;

  constructor(fields: ConstructorParameters<typeof CommandError>[0] & { timeoutMs: number }) {
    super(fields);
    this.timeoutMs = fields.timeoutMs;
    this.message = `Command timed out on ${fields.host} after ${fields.timeoutMs} ms: ${fields.command}`;
  }
}

export interface SettleContext {
  host: string;
  script: string;
  allowFailure: boolean;
  timeoutMs: number | undefined;
}

/** Returns the result of a command that exited, or throws the CommandError that describes its failure. */
export function settleOutcome(outcome: ProcessOutcome, context: SettleContext): RunResult {
  const exited = outcome.exitCode !== null && outcome.spawnError === null && !outcome.timedOut;
  if (exited && (outcome.exitCode === 0 || context.allowFailure)) {
    return {
      stdout: outcome.stdout,
      stderr: outcome.stderr,
      exitCode: outcome.exitCode!,
      durationMs: outcome.durationMs,
    };
  }

  const fields = {
    host: context.host,
    command: context.script,
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    durationMs: outcome.durationMs,
    cause: outcome.spawnError ?? undefined,
  };
  if (outcome.timedOut) {
    // ssh catches SIGTERM and exits with status 255, so the signal is
    // the one pmgup sent rather than the one the process reported.
    const signal = outcome.signal ?? 'SIGTERM';
    throw new CommandTimeoutError({ ...fields, exitCode: null, signal, timeoutMs: context.timeoutMs ?? 0 });
  }

  throw new CommandError(fields);
}

/**
 * Retrying host calls whose outcome does not depend on how often they run
 * (reads, polls, appends of a journal line) across a dropped connection:
 * the transport opens a new connection on the next call, so a retry after
 * a pause is a reconnect.
 */
import { ConnectionError } from '../errors.js';

export interface ReconnectOptions {
  /** Give up when this many milliseconds have passed since the first failure. */
  deadlineMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Called before each pause with the attempt number, the pause and the error. */
  onRetry?: (attempt: number, delayMs: number, error: ConnectionError) => void;
}

/** Pauses between attempts: doubling from 1 s, at most 15 s. */
export function backoffMs(attempt: number): number {
  return Math.min(15_000, 1000 * 2 ** Math.min(attempt - 1, 4));
}

/**
 * Runs `call` and retries it after a ConnectionError until it succeeds or
 * the deadline passes, then rethrows the last ConnectionError. Any other
 * error is rethrown at once.
 */
export async function withReconnect<T>(call: () => Promise<T>, options: ReconnectOptions): Promise<T> {
  let firstFailure: number | null = null;

  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ConnectionError)) {
        throw error;
      }

      firstFailure ??= options.now();
      const delay = backoffMs(attempt);
      if (options.now() + delay - firstFailure > options.deadlineMs) {
        throw error;
      }

      options.onRetry?.(attempt, delay, error);
      await options.sleep(delay);
    }
  }
}

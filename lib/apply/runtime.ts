/**
 * What the parts of apply share while working on one host: the transport,
 * the plan id, the clock, and a reconnecting wrapper for calls that are
 * safe to repeat. Tests build one with a fake transport and a fake clock.
 */
import type { Transport } from '../transport/types.js';

export interface HostRuntime {
  /** The host's name in the plan. */
  host: string;
  transport: Transport;
  planId: string;
  /** Runs a call that is safe to repeat, reconnecting after a dropped connection. */
  retry: <T>(call: () => Promise<T>) => Promise<T>;
  sleep: (ms: number) => Promise<void>;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Pause between two polls of a detached unit's log. */
  pollIntervalMs: number;
  /** Aborts following and waiting (not the work on the host) when the caller stops. */
  signal?: AbortSignal;
}

/** Throws the signal's reason when the caller aborted the run. */
export function throwIfAborted(runtime: HostRuntime): void {
  runtime.signal?.throwIfAborted();
}

/**
 * Waiting for long steps that an earlier apply left running: no probe, plan
 * or package operation should run while a dist-upgrade or pg_upgradecluster
 * works on the host, so apply (and the CLI, before it plans) follows such a
 * unit to its end first. Following only reads the unit's state and log.
 */
import type { Transport } from '../transport/types.js';
import { listRuns, logSize, REPLAY_BYTES } from './detached/index.js';
import { followUnit, tailOffset } from './detached/follow.js';
import { isRunning } from './detached/runs.js';
import { withReconnect } from './reconnect.js';
import type { HostRuntime } from './runtime.js';

/** Interval of "still runs" notes while waiting. */
const WAIT_NOTE_MS = 30_000;

/**
 * Follows every pmgup unit that runs on the host until it ends, reporting
 * progress through `onNote`, and returns the units that were running.
 */
export async function waitForEarlierUnits(runtime: HostRuntime, onNote: (message: string) => void): Promise<Set<string>> {
  const running = (await listRuns(runtime)).filter((run) => isRunning(run.activeState));
  const units = new Set<string>();

  for (const run of running) {
    units.add(run.unit);
    onNote(`waiting for ${run.unit}, which an earlier apply started and which still runs`);
    let lastNote = runtime.now();
    const result = await followUnit(runtime, run.unit, {
      fromOffset: tailOffset(await logSize(runtime, run.unit), REPLAY_BYTES),
      onLine: (line) => {
        if (runtime.now() - lastNote >= WAIT_NOTE_MS) {
          lastNote = runtime.now();
          onNote(`${run.unit} still runs: ${line}`);
        }
      },
    });
    onNote(`${run.unit} exited with status ${result.status.exitStatus}`);
  }

  return units;
}

/**
 * Waits for the long steps an earlier apply left running on one host, for
 * callers outside apply (the CLI waits before it probes and plans, so the
 * plan reflects the step's result). Returns the units it waited for.
 */
export async function awaitRunningSteps(
  transport: Transport,
  onNote: (message: string) => void,
  options: { pollIntervalMs?: number; signal?: AbortSignal } = {},
): Promise<string[]> {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const now = () => Date.now();
  // A host that cannot be reached at all fails at once, as a plan does. Only a
  // connection lost while waiting is retried, with a note for each attempt.
  let reached = false;
  const firstCall = async <T>(call: () => Promise<T>): Promise<T> => {
    const result = await call();
    reached = true;
    return result;
  };
  const runtime: HostRuntime = {
    host: transport.name,
    transport,
    planId: '',
    now,
    sleep,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    signal: options.signal,
    retry: (call) =>
      reached
        ? withReconnect(call, {
            deadlineMs: 15 * 60_000,
            sleep,
            now,
            onRetry: (attempt, delayMs, error) =>
              onNote(`connection lost (${error.message}); attempt ${attempt}, trying again in ${Math.round(delayMs / 1000)} s`),
          })
        : firstCall(call),
  };

  return [...(await waitForEarlierUnits(runtime, onNote))];
}

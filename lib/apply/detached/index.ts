/**
 * Running a long step detached from the connection. Apply decides whether
 * to start the step, follow its unit that still runs, or take the result
 * of a unit that already finished (see runs.ts), then follows it to the end.
 */
import { ConnectionError } from '../../errors.js';
import { shellQuote } from '../../transport/quote.js';
import type { DetachedCommand } from '../commands/types.js';
import type { HostRuntime } from '../runtime.js';
import { followUnit, tailOffset, type FollowResult } from './follow.js';
import { decideRun, parseRuns, type RunDecision } from './runs.js';
import { detachedUnitName, listRunsScript, runnerScript, startScript, unitFiles } from './scripts.js';

/** Bytes of log shown again when apply follows or reads a unit it did not start. */
export const REPLAY_BYTES = 4096;

export interface DetachedRequest {
  kind: string;
  actionId: string;
  command: DetachedCommand;
  /** Units that were running when this apply started. */
  runningAtStart: ReadonlySet<string>;
  /** When the plan was made, epoch seconds. */
  planCreatedAt: number;
  /** The step failed in an earlier apply of this plan and is to run again. */
  retryOwn: boolean;
  onLine: (line: string) => void;
  onNote: (message: string) => void;
}

export interface DetachedOutcome extends FollowResult {
  unit: string;
  /** `started` by this apply, `attached` to a running unit, or `picked-up` from a finished one. */
  how: 'started' | 'attached' | 'picked-up';
}

/** Lists the units pmgup started on the host, reconnecting when needed. */
export async function listRuns(runtime: HostRuntime) {
  const result = await runtime.retry(() => runtime.transport.run(listRunsScript()));

  return parseRuns(result.stdout);
}

/** Returns the size of the unit's log in bytes, 0 when it has none. */
export async function logSize(runtime: HostRuntime, unit: string): Promise<number> {
  const script = `stat -c %s -- ${shellQuote(unitFiles(unit).log)} 2>/dev/null || echo 0`;
  const result = await runtime.retry(() => runtime.transport.run(script));

  return Number(result.stdout.trim()) || 0;
}

async function decide(runtime: HostRuntime, request: DetachedRequest): Promise<RunDecision> {
  return decideRun(await listRuns(runtime), {
    unit: detachedUnitName(runtime.planId, request.kind),
    kind: request.kind,
    runningAtStart: request.runningAtStart,
    planCreatedAt: request.planCreatedAt,
    retryOwn: request.retryOwn,
  });
}

// Starting is the one call that is not safe to repeat blindly: when the
// connection drops during it, the unit may or may not have started, so
// apply looks again and attaches to it if it did.
async function start(runtime: HostRuntime, request: DetachedRequest): Promise<RunDecision> {
  const unit = detachedUnitName(runtime.planId, request.kind);
  const runner = runnerScript({ unit, planId: runtime.planId, actionId: request.actionId, body: request.command.body });
  try {
    await runtime.transport.run(startScript(unit, request.command.description), { input: runner });
    return { type: 'attach', unit };
  } catch (error) {
    if (!(error instanceof ConnectionError)) {
      throw error;
    }

    const again = await decide(runtime, request);
    if (again.type === 'start') {
      await runtime.transport.run(startScript(unit, request.command.description), { input: runner });
      return { type: 'attach', unit };
    }
    return again;
  }
}

/** Runs or re-attaches to the step's unit and returns its outcome once it has finished. */
export async function runDetached(runtime: HostRuntime, request: DetachedRequest): Promise<DetachedOutcome> {
  const decision = await decide(runtime, request);

  if (decision.type === 'start') {
    const started = await start(runtime, request);
    const unit = started.type === 'start' ? detachedUnitName(runtime.planId, request.kind) : started.unit;
    const result = await followUnit(runtime, unit, { onLine: request.onLine });

    return { ...result, unit, how: 'started' };
  }

  const fromOffset = tailOffset(await logSize(runtime, decision.unit), REPLAY_BYTES);
  if (decision.type === 'attach') {
    request.onNote(`following ${decision.unit}, which an earlier apply started and which still runs`);
    const result = await followUnit(runtime, decision.unit, { fromOffset, onLine: request.onLine });

    return { ...result, unit: decision.unit, how: 'attached' };
  }

  const ended = new Date(decision.status.endedAt * 1000).toISOString();
  request.onNote(`${decision.unit} already ran (ended ${ended}, exit status ${decision.status.exitStatus}); taking its result instead of running the step again`);
  const result = await followUnit(runtime, decision.unit, { fromOffset, onLine: request.onLine });

  return { ...result, unit: decision.unit, how: 'picked-up' };
}

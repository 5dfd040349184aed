/**
 * The walk over a plan's actions: in plan order, each on its host, until
 * the first failure or an interruption; every action after that is
 * reported as not run.
 */
import { InternalError } from '../errors.js';
import type { Action, Plan } from '../plan/model.js';
import { DETACHED_KINDS } from './commands/index.js';
import type { RootCause } from './events.js';
import { StepFailedError } from './failure.js';
import type { HostState, RunContext } from './host-state.js';
import { runAction } from './run-action.js';
import type { ActionResult, ApplyResult } from './types.js';

/** The root cause of a run the caller interrupted between two actions. */
function interrupted(action: Action): RootCause {
  return {
    title: `apply was interrupted before ${action.id}`,
    detail: 'pmgup stopped before starting this action; every earlier action finished and was verified. Run pmgup plan again to see the remaining steps.',
    command: null,
    exitStatus: null,
    lastLines: [],
  };
}

/** Walks the actions; returns the per-action results and the first failure. */
export async function walk(
  plan: Plan,
  states: Map<string, HostState>,
  context: RunContext,
  signal: AbortSignal | undefined,
): Promise<{ results: ActionResult[]; failure: ApplyResult['failure'] }> {
  const results: ActionResult[] = [];
  let failure: ApplyResult['failure'] = null;

  for (const action of plan.actions) {
    if (failure === null && signal?.aborted) {
      failure = { actionId: action.id, cause: interrupted(action) };
    }
    if (failure !== null) {
      const reason = failure.actionId === action.id ? 'not run because apply was interrupted' : `not run because ${failure.actionId} failed`;
      context.emit({ type: 'action-skipped', actionId: action.id, reason });
      results.push({ id: action.id, status: 'not-run', durationMs: null });
      continue;
    }

    const state = states.get(action.host);
    if (state === undefined) {
      throw new InternalError(`action ${action.id} names host ${action.host}, which is not among the plan's hosts`);
    }

    if (state.resume.ended.has(action.id)) {
      context.emit({ type: 'action-skipped', actionId: action.id, reason: `already done by an earlier apply of plan ${context.planId}` });
      results.push({ id: action.id, status: 'done', durationMs: null });
      continue;
    }

    try {
      const durationMs = await runAction(state, context, action, DETACHED_KINDS.includes(action.step.kind));
      results.push({ id: action.id, status: 'done', durationMs });
    } catch (error) {
      if (!(error instanceof StepFailedError)) {
        throw error;
      }
      failure = { actionId: action.id, cause: error.rootCause };
      results.push({ id: action.id, status: 'failed', durationMs: null });
    }
  }

  return { results, failure };
}

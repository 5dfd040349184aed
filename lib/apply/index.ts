/**
 * Apply: carries out a plan on its hosts, losing nothing. Before any change
 * it takes each host's lock, probes each host once and refuses a stale
 * plan. Then it walks the actions in plan order; each one is built from its
 * typed step, run, and verified on a fresh probe. The first failure stops
 * the run, and every later action is reported as not run, so the next
 * `pmgup plan` shows exactly the remaining steps. Locks are released in
 * every case.
 */
import { UserError } from '../errors.js';
import type { Action, Plan } from '../plan/model.js';
import { probeHost, probeHostSkipping } from '../probe/index.js';
import { DETACHED_KINDS } from './commands/index.js';
import type { ActionSummary } from './events.js';
import type { HostState, RunContext, UntimedEvent } from './host-state.js';
import { settleBounded } from './bounded.js';
import { walk } from './walk.js';
import { planIdOf } from './plan-id.js';
import { openHost, refuseStale, transportFor } from './prepare.js';
import { withReconnect } from './reconnect.js';
import type { HostRuntime } from './runtime.js';
import { staleInputs, StalePlanError } from './stale.js';
import type { ApplyOptions, ApplyResult } from './types.js';

export type { ApplyOptions, ApplyResult, ActionResult, RemainingChange } from './types.js';
export type { ApplyEvent, ApplyReporter, RootCause, ActionSummary } from './events.js';
export { RecordingReporter } from './events.js';
export { forceUnlock, LockHeldError } from './lock.js';
export { StalePlanError } from './stale.js';
export { StepFailedError } from './failure.js';
export { planIdOf } from './plan-id.js';
export { awaitRunningSteps } from './earlier-units.js';

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function summarize(action: Action): ActionSummary {
  return { id: action.id, host: action.host, kind: action.step.kind, step: action.step, long: DETACHED_KINDS.includes(action.step.kind) };
}

function refuseUnapplyable(plan: Plan): void {
  if (plan.errored) {
    throw new UserError(
      'The plan has errors and cannot be applied',
      'At least one check reported an error when the plan was made. Run pmgup plan, fix what it reports, and apply the new plan.',
    );
  }
}

function hostRuntime(host: string, options: ApplyOptions, planId: string, transport: HostRuntime['transport']): HostRuntime {
  const now = () => (options.now ?? (() => new Date()))().getTime();
  const sleep = options.sleep ?? sleepFor;

  return {
    host,
    transport,
    planId,
    now,
    sleep,
    pollIntervalMs: options.pollIntervalMs ?? 500,
    signal: options.signal,
    retry: (call) => withReconnect(call, { deadlineMs: options.reconnectDeadlineMs ?? 15 * 60_000, sleep, now }),
  };
}

/**
 * Opens every host, at most `parallelism` at once, and refuses a stale
 * plan. When any host cannot be opened or is stale, the hosts opened so far
 * are released and the first error is thrown.
 */
async function openHosts(plan: Plan, context: RunContext, options: ApplyOptions, planId: string): Promise<HostState[]> {
  const opened = await settleBounded(plan.hosts, options.parallelism ?? 1, (hostPlan) => {
    const runtime = hostRuntime(hostPlan.name, options, planId, transportFor(options, hostPlan));
    return openHost(plan, hostPlan, runtime, context, options);
  });
  const states = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value.state] : []));
  try {
    const failed = opened.find((result) => result.status === 'rejected');
    if (failed !== undefined) {
      throw failed.reason;
    }
    refuseStale(opened.flatMap((result) => (result.status === 'fulfilled' ? result.value.stale : [])));

    return states;
  } catch (error) {
    await releaseAll(states);
    throw error;
  }
}

async function releaseAll(states: readonly HostState[]): Promise<void> {
  for (const state of states) {
    await state.lock.release().catch(() => {});
  }
}

/**
 * Applies the plan. Throws StalePlanError, LockHeldError or another
 * UserError when it refuses to start (the hosts are then untouched), and
 * returns a result with `ok: false` and the root cause when an action fails.
 */
export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  refuseUnapplyable(plan);
  const inputs = staleInputs(plan, options);
  if (inputs.length > 0) {
    throw new StalePlanError(inputs);
  }

  const planId = planIdOf(plan);
  const clock = options.now ?? (() => new Date());
  const started = clock().getTime();
  const fullProbe = options.probe;
  const context: RunContext = {
    planId,
    planCreatedAt: Math.floor(Date.parse(plan.createdAt) / 1000),
    emit: (event: UntimedEvent) => options.reporter.emit({ ...event, time: clock().toISOString() } as never),
    probe: fullProbe ?? ((transport) => probeHost(transport)),
    probeSkipping:
      options.probeSkipping ?? (fullProbe === undefined ? (transport, skip) => probeHostSkipping(transport, skip) : (transport) => fullProbe(transport)),
    remainingChanges: options.remainingChanges,
    laterActions: (actionId) => new Set(plan.actions.slice(plan.actions.findIndex((item) => item.id === actionId) + 1).map((item) => item.id)),
    nextOnHost: (actionId) => {
      const index = plan.actions.findIndex((item) => item.id === actionId);
      const host = plan.actions[index]?.host;

      return plan.actions.slice(index + 1).find((item) => item.host === host);
    },
  };

  const states = await openHosts(plan, context, options, planId);
  try {
    context.emit({ type: 'plan-start', planId, hosts: plan.hosts.map((host) => host.name), actions: plan.actions.map(summarize) });
    for (const state of states) {
      state.downtime.begin(state.facts, state.runtime.now());
    }

    const hosts = new Map(states.map((state) => [state.hostPlan.name, state]));
    const walkOptions = { parallelism: options.parallelism ?? 1, keepGoing: options.keepGoing ?? false, signal: options.signal };
    const { results, failure } = await walk(plan, hosts, context, walkOptions);
    const result: ApplyResult = {
      ok: failure === null,
      planId,
      actions: results,
      failure,
      mailDowntimeMs: Object.fromEntries(states.filter((s) => s.downtime.observed).map((s) => [s.hostPlan.name, s.downtime.totalMs])),
      mailDownSince: Object.fromEntries(
        states.flatMap((s) => {
          const since = s.downtime.openSince();
          return since === null ? [] : [[s.hostPlan.name, new Date(since).toISOString()]];
        }),
      ),
      backups: Object.fromEntries(states.filter((s) => s.backup !== null).map((s) => [s.hostPlan.name, s.backup!])),
      durationMs: clock().getTime() - started,
    };
    context.emit({
      type: 'summary',
      planId,
      ok: result.ok,
      succeeded: results.filter((item) => item.status === 'done').length,
      failed: results.filter((item) => item.status === 'failed').length,
      notRun: results.filter((item) => item.status === 'not-run').length,
      durationMs: result.durationMs,
      mailDowntimeMs: result.mailDowntimeMs,
      mailDownSince: result.mailDownSince,
      backups: result.backups,
    });

    return result;
  } finally {
    await releaseAll(states);
    await options.reporter.close?.();
  }
}

/**
 * The walk over a plan's actions. An action starts once every action in its
 * `dependsOn` is done, on any host. A host runs one action at a time, and at
 * most `parallelism` hosts run at once. Among ready actions the one earlier
 * in the plan starts first, so a plan of one host runs in plan order. After
 * a failure no new action starts, and running ones finish. With
 * `keepGoing`, only the failed host and the other members of its cluster
 * stop, and everything that does not depend on the failure goes on. An
 * interruption stops the walk like a failure. At the end, every action that
 * did not run is reported as not run, in plan order.
 */
import { InternalError } from '../errors.js';
import type { Action, Plan } from '../plan/model.js';
import { DETACHED_KINDS } from './commands/index.js';
import type { RootCause } from './events.js';
import { interruptedDuring, StepFailedError } from './failure.js';
import type { HostState, RunContext } from './host-state.js';
import { runAction } from './run-action.js';
import type { ActionResult, ActionStatus, ApplyResult } from './types.js';

export interface WalkOptions {
  /** Most hosts with an action running at once; 1 walks the plan in order. */
  parallelism: number;
  /** After a failure, go on with the hosts and clusters that do not depend on it. */
  keepGoing: boolean;
  signal?: AbortSignal;
}

type Failure = NonNullable<ApplyResult['failure']>;
type WalkStatus = ActionStatus | 'pending' | 'running';

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

/** Returns, per host, the hosts that stop with it: the members of its cluster, or itself. */
function stopGroups(plan: Plan): Map<string, string[]> {
  const groups = new Map(plan.hosts.map((host) => [host.name, [host.name]]));
  for (const group of plan.groups ?? []) {
    if (group.kind === 'cluster') {
      group.hosts.forEach((host) => groups.set(host, group.hosts));
    }
  }

  return groups;
}

class Walk {
  private readonly status = new Map<string, WalkStatus>();
  private readonly durations = new Map<string, number | null>();
  private readonly running = new Map<string, Promise<void>>();
  /** Hosts that start nothing more, with the failed action that stopped them. */
  private readonly stopped = new Map<string, string>();
  private readonly groups: Map<string, string[]>;
  private failure: Failure | null = null;
  private interruptedRun = false;
  private unexpected: { error: unknown } | null = null;

  constructor(
    private readonly plan: Plan,
    private readonly states: Map<string, HostState>,
    private readonly context: RunContext,
    private readonly options: WalkOptions,
  ) {
    plan.actions.forEach((action) => this.status.set(action.id, 'pending'));
    this.groups = stopGroups(plan);
  }

  async run(): Promise<{ results: ActionResult[]; failure: ApplyResult['failure'] }> {
    for (;;) {
      this.startReady();
      if (this.running.size === 0) {
        break;
      }
      await Promise.race(this.running.values());
    }
    if (this.unexpected !== null) {
      throw this.unexpected.error;
    }
    this.reportNotRun();

    const results = this.plan.actions.map((action) => ({
      id: action.id,
      status: this.status.get(action.id) as ActionStatus,
      durationMs: this.durations.get(action.id) ?? null,
    }));

    return { results, failure: this.failure };
  }

  private halted(): boolean {
    return this.interruptedRun || this.unexpected !== null || (this.failure !== null && !this.options.keepGoing);
  }

  /** Starts every ready action the bounds allow; actions an earlier apply finished are settled on the way. */
  private startReady(): void {
    let settled = true;
    while (settled && !this.halted()) {
      settled = false;
      for (const action of this.plan.actions) {
        if (this.running.size >= this.options.parallelism || this.halted()) {
          return;
        }
        if (!this.isReady(action)) {
          continue;
        }
        if (this.options.signal?.aborted) {
          this.interrupt();
          return;
        }
        settled = this.settleResumed(action) || settled;
        if (this.status.get(action.id) === 'pending') {
          this.start(action);
        }
      }
    }
  }

  private isReady(action: Action): boolean {
    return (
      this.status.get(action.id) === 'pending' &&
      !this.running.has(action.host) &&
      !this.stopped.has(action.host) &&
      action.dependsOn.every((id) => this.status.get(id) === 'done')
    );
  }

  private stateOf(action: Action): HostState {
    const state = this.states.get(action.host);
    if (state === undefined) {
      throw new InternalError(`action ${action.id} names host ${action.host}, which is not among the plan's hosts`);
    }

    return state;
  }

  /** Marks an action an earlier apply of this plan finished as done; returns whether it did. */
  private settleResumed(action: Action): boolean {
    if (!this.stateOf(action).resume.ended.has(action.id)) {
      return false;
    }

    this.context.emit({ type: 'action-skipped', actionId: action.id, reason: `already done by an earlier apply of plan ${this.context.planId}` });
    this.status.set(action.id, 'done');

    return true;
  }

  private start(action: Action): void {
    const state = this.stateOf(action);
    this.status.set(action.id, 'running');
    const work = runAction(state, this.context, action, DETACHED_KINDS.includes(action.step.kind)).then(
      (durationMs) => {
        this.status.set(action.id, 'done');
        this.durations.set(action.id, durationMs);
      },
      (error: unknown) => this.recordError(action, error),
    );
    this.running.set(
      action.host,
      work.finally(() => this.running.delete(action.host)),
    );
  }

  private recordError(action: Action, error: unknown): void {
    this.status.set(action.id, 'failed');
    if (!(error instanceof StepFailedError)) {
      this.unexpected ??= { error };
      return;
    }

    // Stopping a running step makes its command fail, so a failure that ends
    // after the interruption is the interruption's, whatever the command reported.
    const interruptedNow = this.options.signal?.aborted === true;
    if (interruptedNow) {
      this.interruptedRun = true;
    }
    this.failure ??= {
      actionId: action.id,
      cause: interruptedNow ? { ...interruptedDuring(action), lastLines: error.rootCause.lastLines } : error.rootCause,
    };
    for (const host of this.groups.get(action.host) ?? [action.host]) {
      if (!this.stopped.has(host)) {
        this.stopped.set(host, action.id);
      }
    }
  }

  /** Records the interruption at the first action that has not run. */
  private interrupt(): void {
    this.interruptedRun = true;
    const next = this.plan.actions.find((action) => this.status.get(action.id) === 'pending');
    if (this.failure === null && next !== undefined) {
      this.failure = { actionId: next.id, cause: interrupted(next) };
    }
  }

  private reportNotRun(): void {
    for (const action of this.plan.actions) {
      if (this.status.get(action.id) !== 'pending') {
        continue;
      }
      this.status.set(action.id, 'not-run');
      this.context.emit({ type: 'action-skipped', actionId: action.id, reason: this.notRunReason(action) });
    }
  }

  /** Names the failure an action waited for: a failed action it depends on, its host's, or the run's. */
  private notRunReason(action: Action): string {
    if (this.interruptedRun) {
      return 'not run because apply was interrupted';
    }
    const cause = this.failedAncestor(action) ?? this.stopped.get(action.host);
    if (cause !== undefined) {
      return `not run because ${cause} failed`;
    }

    return `not run because ${this.failure?.actionId} failed`;
  }

  private failedAncestor(action: Action): string | undefined {
    const byId = new Map(this.plan.actions.map((item) => [item.id, item]));
    const pending = [...action.dependsOn];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const id = pending.shift()!;
      if (this.status.get(id) === 'failed') {
        return id;
      }
      if (!seen.has(id)) {
        seen.add(id);
        pending.push(...(byId.get(id)?.dependsOn ?? []));
      }
    }

    return undefined;
  }
}

/** Walks the actions; returns the per-action results in plan order and the first failure. */
export function walk(
  plan: Plan,
  states: Map<string, HostState>,
  context: RunContext,
  options: WalkOptions,
): Promise<{ results: ActionResult[]; failure: ApplyResult['failure'] }> {
  return new Walk(plan, states, context, options).run();
}

/**
 * Everything apply does on the hosts before the first action, none of which
 * changes the host: take the lock, probe once, refuse a stale plan, and let
 * a long step that an earlier apply left running finish first.
 */
import os from 'node:os';

import { UserError } from '../errors.js';
import type { HostPlan, Plan } from '../plan/model.js';
import type { Transport } from '../transport/types.js';
import { listRuns, logSize, REPLAY_BYTES } from './detached/index.js';
import { followUnit, tailOffset } from './detached/follow.js';
import { isRunning } from './detached/runs.js';
import { MailDowntime } from './downtime.js';
import type { HostState, RunContext } from './host-state.js';
import { HostJournal } from './journal.js';
import { acquireLock, processIsAlive, type LocalProcess } from './lock-acquire.js';
import type { HostRuntime } from './runtime.js';
import { staleHost, StalePlanError, type StaleReason } from './stale.js';
import { hostTargets } from './targets.js';
import type { ApplyOptions } from './types.js';

/** The journal's action id for notes about the whole host. */
export const hostActionId = (host: string) => `${host}/apply`;

/** Interval of "still waiting" notes while an earlier apply's unit runs. */
const WAIT_NOTE_MS = 30_000;

export function localProcess(options: ApplyOptions): LocalProcess & { user: string; pid: number } {
  return (
    options.local ?? {
      hostname: os.hostname(),
      user: os.userInfo().username,
      pid: process.pid,
      isAlive: processIsAlive,
    }
  );
}

export function transportFor(options: ApplyOptions, hostPlan: HostPlan): Transport {
  const transport = options.transports.get(hostPlan.name);
  if (transport === undefined) {
    throw new UserError(
      `No connection for host ${hostPlan.name}`,
      `The plan has host ${hostPlan.name}, but no transport was given for it. Pass the host as it appears in the plan.`,
    );
  }

  return transport;
}

/** Takes the lock and probes one host; the state is ready for actions once the plan is known to be current. */
export async function openHost(
  plan: Plan,
  hostPlan: HostPlan,
  runtime: HostRuntime,
  context: RunContext,
  options: ApplyOptions,
): Promise<{ state: HostState; stale: StaleReason[] }> {
  const local = localProcess(options);
  const journal = new HostJournal(runtime.transport, runtime.planId, () => new Date(runtime.now()), runtime.retry);
  const owner = {
    pid: local.pid,
    holder: `${local.user}@${local.hostname}`,
    since: new Date(runtime.now()).toISOString(),
    planId: runtime.planId,
  };
  const lock = await acquireLock(runtime.transport, hostPlan.name, owner, local);

  try {
    const facts = await runtime.retry(() => context.probe(runtime.transport));
    const actions = plan.actions.filter((action) => action.host === hostPlan.name);
    const state: HostState = {
      runtime,
      hostPlan,
      facts,
      journal,
      targets: hostTargets(actions),
      runningAtStart: new Set(),
      downtime: new MailDowntime(),
      backup: null,
      lock,
    };
    if (lock.takenOver !== null) {
      const previous = lock.takenOver;
      await journal.append(hostActionId(hostPlan.name), 'note', `took over the lock of ${previous.holder} (pid ${previous.pid} no longer runs), held since ${previous.since}`);
    }

    return { state, stale: staleHost(hostPlan, facts) };
  } catch (error) {
    await lock.release().catch(() => {});
    throw error;
  }
}

/** Throws StalePlanError when any host's plan is stale. */
export function refuseStale(reasons: StaleReason[]): void {
  if (reasons.length > 0) {
    throw new StalePlanError(reasons);
  }
}

/**
 * Waits for every detached unit an earlier apply left running, so no step
 * of this run (apt-get update, say) competes with it for the package
 * manager. The action of the same kind later takes the unit's result.
 */
export async function settleEarlierUnits(state: HostState, context: RunContext): Promise<void> {
  const { runtime } = state;
  const running = (await listRuns(runtime)).filter((run) => isRunning(run.activeState));
  const host = state.hostPlan.name;

  for (const run of running) {
    state.runningAtStart.add(run.unit);
    context.emit({ type: 'note', host, actionId: null, message: `waiting for ${run.unit}, which an earlier apply started and which still runs` });
    await state.journal.append(hostActionId(host), 'note', `waiting for ${run.unit} started by an earlier apply`);

    let lastNote = runtime.now();
    const result = await followUnit(runtime, run.unit, {
      fromOffset: tailOffset(await logSize(runtime, run.unit), REPLAY_BYTES),
      onLine: (line) => {
        if (runtime.now() - lastNote >= WAIT_NOTE_MS) {
          lastNote = runtime.now();
          context.emit({ type: 'note', host, actionId: null, message: `${run.unit} still runs: ${line}` });
        }
      },
    });
    context.emit({ type: 'note', host, actionId: null, message: `${run.unit} exited with status ${result.status.exitStatus}` });
  }
}

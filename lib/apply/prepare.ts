/**
 * Everything apply does on the hosts before the first action, none of which
 * changes the host: take the lock, let a long step that an earlier apply
 * left running finish, probe once, and refuse a stale plan.
 */
import os from 'node:os';

import { UserError } from '../errors.js';
import type { HostPlan, Plan } from '../plan/model.js';
import type { Transport } from '../transport/types.js';
import { waitForEarlierUnits } from './earlier-units.js';
import { MailDowntime } from './downtime.js';
import type { HostState, RunContext } from './host-state.js';
import { HostJournal } from './journal.js';
import { acquireLock, processIsAlive, type LocalProcess } from './lock-acquire.js';
import type { HostRuntime } from './runtime.js';
import { fingerprintFacts } from '../planfile/fingerprint.js';
import { readCheckpoint } from './checkpoint.js';
import { readResumeState, staleOnResume } from './resume.js';
import { staleHost, StalePlanError, type StaleReason } from './stale.js';
import { hostTargets } from './targets.js';
import type { ApplyOptions } from './types.js';

/** The journal's action id for notes about the whole host. */
export const hostActionId = (host: string) => `${host}/apply`;

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

/**
 * Takes the lock on one host, waits for long steps an earlier apply left
 * running, reads what earlier applies of this plan did, and probes once.
 * None of this changes the host; the state is ready for actions once the
 * plan is known to be current.
 */
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
    if (lock.takenOver !== null) {
      const previous = lock.takenOver;
      await journal.append(hostActionId(hostPlan.name), 'note', `took over the lock of ${previous.holder} (pid ${previous.pid} no longer runs), held since ${previous.since}`);
    }

    const note = (message: string) => context.emit({ type: 'note', host: hostPlan.name, actionId: null, message });
    const runningAtStart = await waitForEarlierUnits(runtime, note);
    const resume = await readResumeState(runtime);
    const facts = await runtime.retry(() => context.probe(runtime.transport));
    const actions = plan.actions.filter((action) => action.host === hostPlan.name);
    const state: HostState = {
      runtime,
      hostPlan,
      facts,
      fingerprints: fingerprintFacts(facts, Object.keys(hostPlan.fingerprints)),
      journal,
      targets: hostTargets(actions),
      runningAtStart,
      resume,
      downtime: new MailDowntime(),
      backup: null,
      lock,
    };

    const resuming = actions.some((action) => resume.started.has(action.id));
    const stale = resuming
      ? staleOnResume(hostPlan, actions, resume, await readCheckpoint(runtime), facts)
      : staleHost(hostPlan, facts);

    return { state, stale };
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

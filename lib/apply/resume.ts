/**
 * Resuming a plan that an earlier apply started: the journal on the host
 * records, per plan id, which actions started, ended and failed. An apply
 * of the same plan skips the actions that ended, and the facts those
 * actions (and one still in progress) were planned from do not make the
 * plan stale, because the plan itself changed them.
 */
import type { Action, HostPlan } from '../plan/model.js';
import type { HostFacts } from '../probe/facts.js';
import type { Checkpoint } from './checkpoint.js';
import { DETACHED_KINDS } from './commands/index.js';
import { staleHost, type StaleReason } from './stale.js';
import { shellQuote } from '../transport/quote.js';
import { JOURNAL_PATH } from './commands/shell.js';
import { parseJournal, type JournalEntry } from './journal.js';
import type { HostRuntime } from './runtime.js';

/** Actions of this plan that earlier applies started, ended and failed on the host. */
export interface ResumeState {
  started: ReadonlySet<string>;
  ended: ReadonlySet<string>;
  failed: ReadonlySet<string>;
}

export const NOTHING_DONE: ResumeState = { started: new Set(), ended: new Set(), failed: new Set() };

/** Returns the started, ended and failed actions the journal records for one plan. */
export function resumeStateOf(entries: readonly JournalEntry[], planId: string): ResumeState {
  const started = new Set<string>();
  const ended = new Set<string>();
  const failed = new Set<string>();
  for (const entry of entries) {
    if (entry.planId !== planId) {
      continue;
    }
    if (entry.event === 'start') {
      started.add(entry.actionId);
    } else if (entry.event === 'end') {
      ended.add(entry.actionId);
    } else if (entry.event === 'error') {
      failed.add(entry.actionId);
    }
  }

  return { started, ended, failed };
}

/** Reads this plan's journal entries from the host (every line, not only the probe's last ones). */
export async function readResumeState(runtime: HostRuntime): Promise<ResumeState> {
  const needle = shellQuote(`"planId":${JSON.stringify(runtime.planId)}`);
  const script = `[ ! -f ${JOURNAL_PATH} ] || grep -F -- ${needle} ${JOURNAL_PATH} || true`;
  const result = await runtime.retry(() => runtime.transport.run(script));

  return resumeStateOf(parseJournal(result.stdout).entries, runtime.planId);
}

/** Returns the fact keys the plan's own started actions may have changed. */
export function keysChangedByPlan(actions: readonly Action[], resume: ResumeState): Set<string> {
  return new Set(actions.filter((action) => resume.started.has(action.id)).flatMap((action) => action.fingerprintKeys));
}

/** Returns the actions an earlier apply started but did not see end (killed or cut off during them). */
export function inProgress(actions: readonly Action[], resume: ResumeState): Action[] {
  return actions.filter((action) => resume.started.has(action.id) && !resume.ended.has(action.id));
}

/**
 * Returns the stale reasons of a resumed plan. The baseline is the last
 * checkpoint (else the plan's fingerprints with the started actions' keys
 * left out); keys of an action still in progress are left out too. When
 * that action is a long step (a dist-upgrade changes packages and units
 * far beyond its own keys), only the machine id is compared: the step's
 * effect is verified when apply takes its result.
 */
export function staleOnResume(
  hostPlan: HostPlan,
  actions: readonly Action[],
  resume: ResumeState,
  checkpoint: Checkpoint | null,
  facts: HostFacts,
): StaleReason[] {
  const running = inProgress(actions, resume);
  if (running.some((action) => DETACHED_KINDS.includes(action.step.kind))) {
    return staleHost({ ...hostPlan, fingerprints: {} }, facts);
  }

  const skipped = new Set(running.flatMap((action) => action.fingerprintKeys));
  if (checkpoint === null) {
    return staleHost(hostPlan, facts, new Set([...skipped, ...keysChangedByPlan(actions, resume)]));
  }

  return staleHost({ ...hostPlan, fingerprints: checkpoint.fingerprints }, facts, skipped);
}

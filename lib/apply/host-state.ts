/** Per-host state of a run, and the run-wide context every action reads. */
import type { Action, HostPlan } from '../plan/model.js';
import type { HostFacts } from '../probe/facts.js';
import type { ProbedFacts, SkippableSection } from '../probe/partial-facts.js';
import type { Transport } from '../transport/types.js';
import type { MailDowntime } from './downtime.js';
import type { ApplyEvent } from './events.js';
import type { HostJournal } from './journal.js';
import type { HeldLock } from './lock-acquire.js';
import type { HostRuntime } from './runtime.js';
import type { ResumeState } from './resume.js';
import type { HostTargets } from './targets.js';
import type { RemainingChange } from './types.js';

/** An event without its time: the run stamps it when emitting. */
export type UntimedEvent = ApplyEvent extends infer E ? (E extends ApplyEvent ? Omit<E, 'time'> : never) : never;

export interface RunContext {
  planId: string;
  /** When the plan was made, epoch seconds. */
  planCreatedAt: number;
  emit: (event: UntimedEvent) => void;
  /** The full probe: before the first action and for the `verify` step. */
  probe: (transport: Transport) => Promise<HostFacts>;
  /** The probe after an action, which leaves out the sections in `skip`. */
  probeSkipping: (transport: Transport, skip: readonly SkippableSection[]) => Promise<ProbedFacts>;
  remainingChanges?: (host: string, facts: HostFacts) => RemainingChange[] | Promise<RemainingChange[]>;
  /** Ids of the actions that come after each action in the plan. */
  laterActions: (actionId: string) => ReadonlySet<string>;
  /** The next action of the same host in plan order, or undefined after its last one. */
  nextOnHost: (actionId: string) => Action | undefined;
}

export interface HostState {
  runtime: HostRuntime;
  hostPlan: HostPlan;
  /** The newest facts: from the stale check, then after each action, whose probe may skip sections. */
  facts: ProbedFacts;
  /** Fingerprints of the last checkpoint (or of the first probe), which a checkpoint keeps for the sections its probe skipped. */
  fingerprints: Record<string, string>;
  journal: HostJournal;
  targets: HostTargets;
  /** Detached units that were running when this apply started. */
  runningAtStart: Set<string>;
  /** What earlier applies of this plan did on the host. */
  resume: ResumeState;
  downtime: MailDowntime;
  /** Backup archive written during this run, or null. */
  backup: string | null;
  lock: HeldLock;
}

/** Per-host state of a run, and the run-wide context every action reads. */
import type { HostPlan } from '../plan/model.js';
import type { HostFacts } from '../probe/facts.js';
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
  probe: (transport: Transport) => Promise<HostFacts>;
  remainingChanges?: (host: string, facts: HostFacts) => RemainingChange[] | Promise<RemainingChange[]>;
  /** Ids of the actions that come after each action in the plan. */
  laterActions: (actionId: string) => ReadonlySet<string>;
}

export interface HostState {
  runtime: HostRuntime;
  hostPlan: HostPlan;
  /** The newest facts: from the stale check, then after each action. */
  facts: HostFacts;
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

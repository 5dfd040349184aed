/** The options and the result of applyPlan. */
import type { HostFacts } from '../probe/facts.js';
import type { ProbedFacts, SkippableSection } from '../probe/partial-facts.js';
import type { Transport } from '../transport/types.js';
import type { ApplyReporter, RootCause } from './events.js';

export interface ApplyOptions {
  /** One transport per host name of the plan. */
  transports: ReadonlyMap<string, Transport>;
  /** SHA-256 of the desired-state file as it is now; must match the plan's. */
  desiredStateSha256: string;
  /** Version of the running pmgup; must match the plan's. */
  toolVersion: string;
  reporter: ApplyReporter;
  /** Probes a host; probeHost by default. */
  probe?: (transport: Transport) => Promise<HostFacts>;
  /**
   * Probes a host after an action, leaving out the sections in `skip`. The
   * default is probeHostSkipping, or `probe` (which skips nothing) when
   * only that is given.
   */
  probeSkipping?: (transport: Transport, skip: readonly SkippableSection[]) => Promise<ProbedFacts>;
  /**
   * Returns what still differs from the desired state on fresh facts (for
   * the `verify` step), for example by planning again. Without it, `verify`
   * checks dpkg and the database only.
   */
  remainingChanges?: (host: string, facts: HostFacts) => RemainingChange[] | Promise<RemainingChange[]>;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Pause between polls of a detached step's log; 500 ms by default. */
  pollIntervalMs?: number;
  /** How long to keep reconnecting after a dropped connection; 15 minutes by default. */
  reconnectDeadlineMs?: number;
  /** This machine: its name and pid go into the lock, and decide whether a lock left here is abandoned. */
  local?: { hostname: string; user: string; pid: number; isAlive: (pid: number) => boolean };
  /** Stops following and waiting (the work on the host goes on) when the caller is interrupted. */
  signal?: AbortSignal;
  /**
   * Most hosts opened, and with an action running, at once; 1 by default,
   * which walks the plan in order. Members of one cluster never run at the
   * same time whatever the value, because the plan's edges order them.
   */
  parallelism?: number;
  /** After a failure, go on with hosts and clusters that do not depend on it; false by default. */
  keepGoing?: boolean;
}

/**
 * One difference the `verify` step found. A difference that an action of
 * this plan after the verify step will resolve is expected and ignored, so
 * a plan may verify before it purges the old packages.
 */
export interface RemainingChange {
  /** The id of the action a new plan would run for it, or null for a blocking check. */
  actionId: string | null;
  text: string;
}

export type ActionStatus = 'done' | 'failed' | 'not-run';

export interface ActionResult {
  id: string;
  status: ActionStatus;
  durationMs: number | null;
}

export interface ApplyResult {
  ok: boolean;
  planId: string;
  actions: ActionResult[];
  /** The root cause of the first failure, or null when every action succeeded. */
  failure: { actionId: string; cause: RootCause } | null;
  /** Postfix stopped → active again, per host whose downtime ended during this run, in milliseconds. */
  mailDowntimeMs: Record<string, number>;
  /** When mail stopped, per host where postfix is still not active at the end (ISO 8601). */
  mailDownSince: Record<string, string>;
  /** Backup archives written during this run, per host. */
  backups: Record<string, string>;
  durationMs: number;
}

/**
 * What apply does about a long step when earlier applies may have left a
 * unit for it: follow a unit that still runs, take the result of one that
 * finished after the plan was made, or start a new one. Pure.
 */
import { kindOfUnit, POLL_MARKER, RUN_MARKER } from './scripts.js';

/** A finished run's status file: exit status and epoch seconds. */
export interface RunStatus {
  exitStatus: number;
  startedAt: number;
  endedAt: number;
}

/** A unit pmgup started on the host, as listRunsScript reports it. */
export interface RunRecord {
  unit: string;
  /** systemd's ActiveState; `inactive` once the unit is gone. */
  activeState: string;
  status: RunStatus | null;
}

const RUNNING_STATES = new Set(['active', 'activating', 'deactivating', 'reloading']);

/** Tells whether systemd still runs the unit. */
export function isRunning(activeState: string): boolean {
  return RUNNING_STATES.has(activeState);
}

/** Parses `EXIT,STARTED,ENDED`, or returns null for `-` and anything malformed. */
export function parseStatus(text: string): RunStatus | null {
  const match = /^(\d+),(\d+),(\d+)$/.exec(text.trim());
  if (match === null) {
    return null;
  }

  return { exitStatus: Number(match[1]), startedAt: Number(match[2]), endedAt: Number(match[3]) };
}

/** Parses listRunsScript's output. */
export function parseRuns(stdout: string): RunRecord[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(`${RUN_MARKER} `))
    .map((line) => {
      const [, unit = '', activeState = 'unknown', status = '-'] = line.trim().split(/\s+/);

      return { unit, activeState, status: parseStatus(status) };
    });
}

/** One poll of a unit: its state, status, log size and the log bytes read. */
export interface PollResult {
  activeState: string;
  status: RunStatus | null;
  size: number;
  chunk: Buffer;
}

/** Parses pollScript's output; returns null when the marker line is missing. */
export function parsePoll(stdout: string): PollResult | null {
  const [header = '', data = ''] = stdout.split('\n');
  const [marker, activeState = 'unknown', status = '-', size = '0'] = header.trim().split(/\s+/);
  if (marker !== POLL_MARKER) {
    return null;
  }

  return {
    activeState,
    status: parseStatus(status),
    size: Number(size) || 0,
    chunk: Buffer.from(data.trim(), 'base64'),
  };
}

/** What to do about a long step. */
export type RunDecision =
  | { type: 'attach'; unit: string }
  | { type: 'pick-up'; unit: string; status: RunStatus }
  | { type: 'start' };

export interface DecisionContext {
  /** This plan's unit for the step. */
  unit: string;
  kind: string;
  /** Units that were running when this apply started. */
  runningAtStart: ReadonlySet<string>;
  /** When the plan was made, epoch seconds. */
  planCreatedAt: number;
  /**
   * An earlier apply of this plan reported this step as failed, so the
   * operator saw the result: this plan's own finished unit is run again
   * rather than taken once more.
   */
  retryOwn: boolean;
}

/**
 * Decides, in this order: a unit of the same step kind still runs → attach
 * to it (whichever plan started it); this plan's own unit finished → take
 * its result, unless that result was already reported as a failure; a unit that was running when this apply started has finished
 * since → take its result; a unit finished after the plan was made (so the
 * plan could not see its effect) → take the newest such result; otherwise
 * start a new unit.
 *
 * NOTE: the last rule compares the host's clock (the status file) with the
 * clock of the machine that made the plan; a skew of more than the time
 * between the run's end and the plan lets a finished run be started again.
 */
export function decideRun(runs: readonly RunRecord[], context: DecisionContext): RunDecision {
  const sameKind = runs.filter((run) => kindOfUnit(run.unit) === context.kind);

  const running = sameKind.find((run) => isRunning(run.activeState));
  if (running) {
    return { type: 'attach', unit: running.unit };
  }

  const finished = sameKind
    .filter((run): run is RunRecord & { status: RunStatus } => run.status !== null)
    .sort((a, b) => b.status.endedAt - a.status.endedAt);
  const chosen =
    finished.find((run) => run.unit === context.unit && !context.retryOwn) ??
    finished.find((run) => context.runningAtStart.has(run.unit)) ??
    finished.find((run) => run.status.endedAt >= context.planCreatedAt);

  return chosen ? { type: 'pick-up', unit: chosen.unit, status: chosen.status } : { type: 'start' };
}

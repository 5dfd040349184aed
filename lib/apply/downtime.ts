/**
 * The mail downtime of a host: from the moment postfix is seen stopped
 * until it is seen active again, observed on the facts after each action.
 * When an earlier, interrupted apply stopped postfix, the start is taken
 * from that apply's journal note, so the reported downtime is the real one.
 */
import type { JournalEntryFact } from '../probe/facts.js';
import type { ProbedFacts } from '../probe/partial-facts.js';

export const MAIL_UNIT = 'postfix.service';
export const DOWNTIME_STARTED = 'mail downtime started';
const DOWNTIME_ENDED = 'mail downtime ended after';

/** A change of the mail state an observation found. */
export type DowntimeChange =
  | { type: 'started'; at: number }
  | { type: 'ended'; at: number; durationMs: number }
  | null;

function mailRunning(facts: ProbedFacts): boolean {
  return facts.units[MAIL_UNIT]?.activeState === 'active';
}

/** Returns the time of the last downtime start in the journal that no end follows, or null. */
export function openDowntimeStart(journal: readonly JournalEntryFact[]): number | null {
  let start: number | null = null;
  for (const entry of journal) {
    if (entry.detail.startsWith(DOWNTIME_STARTED)) {
      start = Date.parse(entry.time);
    } else if (entry.detail.startsWith(DOWNTIME_ENDED)) {
      start = null;
    }
  }

  return start !== null && Number.isFinite(start) ? start : null;
}

export class MailDowntime {
  private startedAt: number | null = null;
  /** Total downtime that ended during this run, in milliseconds. */
  totalMs = 0;
  /** Whether a downtime ended during this run. */
  observed = false;

  /** Returns when the current downtime started, or null while mail runs. */
  openSince(): number | null {
    return this.startedAt;
  }

  /** Starts from the facts probed before the first action. */
  begin(facts: ProbedFacts, now: number): void {
    const unit = facts.units[MAIL_UNIT];
    if (unit !== undefined && unit.loadState !== 'not-found' && !mailRunning(facts)) {
      this.startedAt = openDowntimeStart(facts.pmgup.journal) ?? now;
    }
  }

  observe(facts: ProbedFacts, now: number): DowntimeChange {
    const unit = facts.units[MAIL_UNIT];
    if (unit === undefined || unit.loadState === 'not-found') {
      return null;
    }

    const running = mailRunning(facts);
    if (!running && this.startedAt === null) {
      this.startedAt = now;
      return { type: 'started', at: now };
    }
    if (running && this.startedAt !== null) {
      const durationMs = now - this.startedAt;
      this.startedAt = null;
      this.totalMs += durationMs;
      this.observed = true;
      return { type: 'ended', at: now, durationMs };
    }

    return null;
  }

  /** Returns the journal detail for a change. */
  static describe(change: NonNullable<DowntimeChange>): string {
    return change.type === 'started'
      ? `${DOWNTIME_STARTED} (${MAIL_UNIT} no longer active)`
      : `${DOWNTIME_ENDED} ${Math.round(change.durationMs / 1000)} s (${MAIL_UNIT} active again)`;
  }
}

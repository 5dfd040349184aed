/**
 * Progress events of an apply run. Apply emits them in order through an
 * ApplyReporter. Every renderer (listr2 on a terminal, plain lines, JSON
 * lines) is driven from these events alone, never the other way round.
 * The union is closed, so a renderer can handle each `type` in an
 * exhaustive map.
 */
import type { Step, StepKind } from '../plan/model.js';

/** Root cause of a failed action, in the terms an operator acts on. */
export interface RootCause {
  /** One line: what failed. */
  title: string;
  /** The value, where it came from and what to do next. */
  detail: string;
  /** The command or step that failed, when a command failed. */
  command: string | null;
  /** Exit status of that command, or null when none ran or a signal ended it. */
  exitStatus: number | null;
  /** The last relevant output lines of the command, oldest first. */
  lastLines: string[];
}

/** An action as the renderers list it before the run starts. */
export interface ActionSummary {
  id: string;
  host: string;
  kind: StepKind;
  /** The typed step, for renderers to describe. */
  step: Step;
  /** The step runs for minutes on the host (detached from the connection). */
  long: boolean;
}

export type ApplyEvent =
  | { type: 'plan-start'; time: string; planId: string; hosts: string[]; actions: ActionSummary[] }
  | { type: 'action-start'; time: string; actionId: string; host: string; kind: StepKind; long: boolean }
  | { type: 'action-output'; time: string; actionId: string; line: string }
  | { type: 'action-end'; time: string; actionId: string; durationMs: number; detail: string | null }
  | { type: 'action-error'; time: string; actionId: string; durationMs: number; cause: RootCause }
  | { type: 'action-skipped'; time: string; actionId: string; reason: string }
  | { type: 'note'; time: string; host: string; actionId: string | null; message: string }
  | {
      type: 'summary';
      time: string;
      planId: string;
      ok: boolean;
      succeeded: number;
      failed: number;
      notRun: number;
      durationMs: number;
      /** Postfix stopped → active again, per host, in milliseconds; absent when no downtime ended. */
      mailDowntimeMs: Record<string, number>;
      /** When mail stopped, per host where postfix is still not active at the end (ISO 8601). */
      mailDownSince: Record<string, string>;
      /** Backup archive written during the run, per host. */
      backups: Record<string, string>;
    };

export type ApplyEventType = ApplyEvent['type'];

/** The event of one type, for handlers keyed by type. */
export type ApplyEventOf<T extends ApplyEventType> = Extract<ApplyEvent, { type: T }>;

/** Receives every event of a run in order. */
export interface ApplyReporter {
  emit(event: ApplyEvent): void;
  /** Flushes and stops rendering; apply awaits it once after the summary. */
  close?(): Promise<void>;
}

/** A reporter that keeps every event, for tests and for callers that render later. */
export class RecordingReporter implements ApplyReporter {
  readonly events: ApplyEvent[] = [];

  emit(event: ApplyEvent): void {
    this.events.push(event);
  }

  /** Returns the events of one type, in order. */
  ofType<T extends ApplyEventType>(type: T): ApplyEventOf<T>[] {
    return this.events.filter((event): event is ApplyEventOf<T> => event.type === type);
  }
}

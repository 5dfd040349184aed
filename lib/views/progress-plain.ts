/**
 * Plain-line progress for logs and terminals without cursor control: one
 * line per event, every output line of the host prefixed with its action,
 * and a "still running, N s elapsed" line for long steps at a fixed
 * interval. The clock and the timer are injectable so tests are exact.
 */
import type { ActionSummary, ApplyEvent, ApplyEventOf, ApplyEventType, ApplyReporter } from '../apply/events.js';
import { escapeInline } from './escape.js';
import { actionLabel, formatDuration, rootCauseLines, summaryLines } from './progress-format.js';

export interface PlainProgressOptions {
  write: (text: string) => void;
  /** Milliseconds since the epoch; Date.now by default. */
  now?: () => number;
  /** Interval of the "still running" lines, 30 s by default. */
  heartbeatMs?: number;
  setInterval?: (callback: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

type Handlers = { [T in ApplyEventType]: (event: ApplyEventOf<T>) => void };

export class PlainProgressReporter implements ApplyReporter {
  private readonly actions = new Map<string, { summary: ActionSummary; index: number }>();
  private total = 0;
  private heartbeat: unknown = null;
  private readonly handlers: Handlers;

  constructor(private readonly options: PlainProgressOptions) {
    this.handlers = {
      'plan-start': (event) => this.planStart(event),
      'action-start': (event) => this.actionStart(event),
      'action-output': (event) => this.line(`  ${event.actionId} | ${escapeInline(event.line)}`),
      'action-end': (event) => this.actionEnd(event),
      'action-error': (event) => this.actionError(event),
      'action-skipped': (event) => this.line(`${this.prefix(event.actionId)} skipped: ${escapeInline(event.reason)}`),
      note: (event) => this.line(`  note (${escapeInline(event.actionId ?? event.host)}): ${escapeInline(event.message)}`),
      summary: (event) => summaryLines(event).forEach((text) => this.line(text)),
    };
  }

  emit(event: ApplyEvent): void {
    (this.handlers[event.type] as (event: ApplyEvent) => void)(event);
  }

  async close(): Promise<void> {
    this.stopHeartbeat();
  }

  private line(text: string): void {
    this.options.write(`${text}\n`);
  }

  private prefix(actionId: string): string {
    const entry = this.actions.get(actionId);

    return entry ? `[${entry.index}/${this.total}] ${escapeInline(actionId)}` : escapeInline(actionId);
  }

  private planStart(event: ApplyEventOf<'plan-start'>): void {
    this.total = event.actions.length;
    event.actions.forEach((summary, index) => this.actions.set(summary.id, { summary, index: index + 1 }));
    const hosts = event.hosts.map(escapeInline).join(', ');
    this.line(`Applying plan ${event.planId} to ${hosts}: ${event.actions.length} action(s).`);
  }

  private actionStart(event: ApplyEventOf<'action-start'>): void {
    const entry = this.actions.get(event.actionId);
    const label = entry ? actionLabel(entry.summary) : escapeInline(event.actionId);
    this.line(`[${entry?.index ?? '?'}/${this.total}] ${label}`);
    if (event.long) {
      this.startHeartbeat(event.actionId);
    }
  }

  private actionEnd(event: ApplyEventOf<'action-end'>): void {
    this.stopHeartbeat();
    this.line(`${this.prefix(event.actionId)} done in ${formatDuration(event.durationMs)}`);
  }

  private actionError(event: ApplyEventOf<'action-error'>): void {
    this.stopHeartbeat();
    this.line(`${this.prefix(event.actionId)} FAILED after ${formatDuration(event.durationMs)}:`);
    rootCauseLines(event.cause, '    ').forEach((text) => this.line(text));
  }

  private startHeartbeat(actionId: string): void {
    this.stopHeartbeat();
    const now = this.options.now ?? Date.now;
    const started = now();
    const every = this.options.heartbeatMs ?? 30_000;
    const set = this.options.setInterval ?? ((callback, ms) => setInterval(callback, ms).unref());
    this.heartbeat = set(() => {
      const elapsed = Math.round((now() - started) / 1000);
      this.line(`  ${escapeInline(actionId)}: still running, ${elapsed} s elapsed`);
    }, every);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== null) {
      (this.options.clearInterval ?? ((handle) => clearInterval(handle as NodeJS.Timeout)))(this.heartbeat);
      this.heartbeat = null;
    }
  }
}

/**
 * Plain-line progress for logs and terminals without cursor control: one
 * line per event, every output line of the host prefixed with its action,
 * and a "still running, N s elapsed" line for each long step at a fixed
 * interval. In a plan of several hosts, whose actions run side by side,
 * every line about a host starts with `HOST: ` and the counter counts that
 * host's actions. The clock and the timer are injectable so tests are exact.
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
  private readonly actions = new Map<string, { summary: ActionSummary; index: number; total: number }>();
  private severalHosts = false;
  private readonly heartbeats = new Map<string, unknown>();
  private readonly handlers: Handlers;

  constructor(private readonly options: PlainProgressOptions) {
    this.handlers = {
      'plan-start': (event) => this.planStart(event),
      'action-start': (event) => this.actionStart(event),
      'action-output': (event) => this.hostLine(event.actionId, `  ${escapeInline(event.actionId)} | ${escapeInline(event.line)}`),
      'action-end': (event) => this.actionEnd(event),
      'action-error': (event) => this.actionError(event),
      'action-skipped': (event) => this.hostLine(event.actionId, `${this.prefix(event.actionId)} skipped: ${escapeInline(event.reason)}`),
      note: (event) => this.noteLine(event),
      summary: (event) => summaryLines(event).forEach((text) => this.line(text)),
    };
  }

  emit(event: ApplyEvent): void {
    (this.handlers[event.type] as (event: ApplyEvent) => void)(event);
  }

  async close(): Promise<void> {
    for (const actionId of [...this.heartbeats.keys()]) {
      this.stopHeartbeat(actionId);
    }
  }

  private line(text: string): void {
    this.options.write(`${text}\n`);
  }

  /** Writes a line about one host, with the host in front when the plan has several. */
  private hostLine(actionIdOrHost: string, text: string): void {
    const host = this.actions.get(actionIdOrHost)?.summary.host ?? actionIdOrHost.split('/')[0]!;
    this.line(this.severalHosts ? `${escapeInline(host)}: ${text}` : text);
  }

  private prefix(actionId: string): string {
    const entry = this.actions.get(actionId);

    return entry ? `[${entry.index}/${entry.total}] ${escapeInline(actionId)}` : escapeInline(actionId);
  }

  private planStart(event: ApplyEventOf<'plan-start'>): void {
    this.severalHosts = event.hosts.length > 1;
    for (const host of event.hosts) {
      const own = event.actions.filter((summary) => summary.host === host || !this.severalHosts);
      own.forEach((summary, index) => this.actions.set(summary.id, { summary, index: index + 1, total: own.length }));
    }
    const hosts = event.hosts.map(escapeInline).join(', ');
    this.line(`Applying plan ${event.planId} to ${hosts}: ${event.actions.length} action(s).`);
  }

  private noteLine(event: ApplyEventOf<'note'>): void {
    this.hostLine(event.actionId ?? event.host, `  note (${escapeInline(event.actionId ?? event.host)}): ${escapeInline(event.message)}`);
  }

  private actionStart(event: ApplyEventOf<'action-start'>): void {
    const entry = this.actions.get(event.actionId);
    const label = entry ? actionLabel(entry.summary) : escapeInline(event.actionId);
    this.hostLine(event.actionId, `[${entry?.index ?? '?'}/${entry?.total ?? '?'}] ${label}`);
    if (event.long) {
      this.startHeartbeat(event.actionId);
    }
  }

  private actionEnd(event: ApplyEventOf<'action-end'>): void {
    this.stopHeartbeat(event.actionId);
    this.hostLine(event.actionId, `${this.prefix(event.actionId)} done in ${formatDuration(event.durationMs)}`);
  }

  private actionError(event: ApplyEventOf<'action-error'>): void {
    this.stopHeartbeat(event.actionId);
    this.hostLine(event.actionId, `${this.prefix(event.actionId)} FAILED after ${formatDuration(event.durationMs)}:`);
    rootCauseLines(event.cause, '    ').forEach((text) => this.hostLine(event.actionId, text));
  }

  private startHeartbeat(actionId: string): void {
    this.stopHeartbeat(actionId);
    const now = this.options.now ?? Date.now;
    const started = now();
    const every = this.options.heartbeatMs ?? 30_000;
    const set = this.options.setInterval ?? ((callback, ms) => setInterval(callback, ms).unref());
    const handle = set(() => {
      const elapsed = Math.round((now() - started) / 1000);
      this.hostLine(actionId, `  ${escapeInline(actionId)}: still running, ${elapsed} s elapsed`);
    }, every);
    this.heartbeats.set(actionId, handle);
  }

  private stopHeartbeat(actionId: string): void {
    if (this.heartbeats.has(actionId)) {
      (this.options.clearInterval ?? ((handle) => clearInterval(handle as NodeJS.Timeout)))(this.heartbeats.get(actionId));
      this.heartbeats.delete(actionId);
    }
  }
}

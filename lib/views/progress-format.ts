/**
 * Text the progress renderers share: action labels, durations, root causes
 * and the summary. Every string that came from a host (output lines, file
 * names, error text) goes through escapeTerminal or escapeInline first, so
 * it cannot move the cursor, recolour or retitle the terminal.
 */
import type { ActionSummary, ApplyEventOf, RootCause } from '../apply/events.js';
import { describeStep } from './describe.js';
import { escapeInline, escapeTerminal } from './escape.js';

/** Returns `host/step: title (subject)` for an action. */
export function actionLabel(action: ActionSummary): string {
  const { title, subject } = describeStep(action.step);

  return escapeInline(`${action.id}: ${title} (${subject})`);
}

/** Formats milliseconds as `850 ms`, `12.3 s` or `4 min 05 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 60_000) {
    return `${(ms / 1000).toFixed(1)} s`;
  }

  const seconds = Math.round(ms / 1000);

  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** Returns the lines that report a root cause, indented by `indent`. */
export function rootCauseLines(cause: RootCause, indent = '  '): string[] {
  const lines = [escapeInline(cause.title), ...escapeTerminal(cause.detail).split('\n')];
  if (cause.command !== null) {
    lines.push(`command: ${escapeInline(cause.command)}`);
  }
  if (cause.exitStatus !== null) {
    lines.push(`exit status: ${cause.exitStatus}`);
  }
  if (cause.lastLines.length > 0) {
    lines.push('last output:', ...cause.lastLines.map((line) => `  ${escapeInline(line)}`));
  }

  return lines.map((line) => `${indent}${line}`);
}

/** Returns the closing lines: the counts, each host's mail downtime and backup archive. */
export function summaryLines(event: ApplyEventOf<'summary'>): string[] {
  const counts = `${event.succeeded} done, ${event.failed} failed, ${event.notRun} not run`;
  const lines = [
    event.ok
      ? `Apply complete: ${counts} in ${formatDuration(event.durationMs)}.`
      : `Apply failed: ${counts} after ${formatDuration(event.durationMs)}.`,
  ];
  for (const [host, ms] of Object.entries(event.mailDowntimeMs)) {
    lines.push(`Mail downtime on ${escapeInline(host)}: ${formatDuration(ms)} (postfix stopped until active again).`);
  }
  for (const [host, since] of Object.entries(event.mailDownSince)) {
    lines.push(`Mail on ${escapeInline(host)} is still down: postfix has not been active since ${escapeInline(since)}.`);
  }
  for (const [host, path] of Object.entries(event.backups)) {
    lines.push(`Backup archive on ${escapeInline(host)}: ${escapeInline(path)}`);
  }
  if (!event.ok) {
    lines.push('Run pmgup plan again to see the remaining steps.');
  }

  return lines;
}

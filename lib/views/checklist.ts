/**
 * The checklist `pmgup check` prints: one line per check result with its
 * level, subject, message and code, the location and fix on indented lines
 * below, then a summary that counts every level, notices included. A
 * cluster's checks get a section of their own, with the same layout. Every
 * string that can come from the host is escaped, so control characters and
 * ANSI sequences in facts cannot move the cursor or forge a result line.
 */
import type { Diagnostic, Severity } from '../plan/model.js';
import { BLOCKING_SEVERITIES } from '../plan/model.js';
import type { Phase } from '../plan/phase.js';
import type { Palette } from './color.js';
import { palette } from './color.js';
import { escapeInline } from './escape.js';

/** The check results of one host. */
export interface ChecklistReport {
  host: string;
  phase: Phase;
  diagnostics: Diagnostic[];
  /** The cluster the host is checked with, when its whole cluster is in the check. */
  cluster?: string;
}

/** The cluster-wide check results of one cluster. */
export interface ClusterChecklistReport {
  cluster: string;
  /** The members the check has facts of, in upgrade order. */
  members: string[];
  /** Members cluster.conf lists that could not be probed or whose facts file was not given. */
  withoutFacts: string[];
  diagnostics: Diagnostic[];
}

/** Results per level and their sum. */
export type ChecklistCounts = Record<Severity, number> & { total: number };

/** Levels in the order the summary lists them. */
export const LEVELS: readonly Severity[] = ['pass', 'info', 'notice', 'warning', 'error', 'skip'];

const LABELS: Record<Severity, string> = {
  pass: 'PASS',
  info: 'INFO',
  notice: 'NOTICE',
  warning: 'WARN',
  error: 'FAIL',
  skip: 'SKIP',
};

const SUMMARY_LABELS: Record<Severity, string> = {
  pass: 'PASSED',
  info: 'INFO',
  notice: 'NOTICES',
  warning: 'WARNINGS',
  error: 'FAILURES',
  skip: 'SKIPPED',
};

const INDENT = '    ';

/** Counts results per level. Every level is present, zero included, and `total` counts all results. */
export function countResults(diagnostics: Diagnostic[]): ChecklistCounts {
  const counts = { pass: 0, info: 0, notice: 0, warning: 0, error: 0, skip: 0, total: 0 };
  for (const entry of diagnostics) {
    counts[entry.severity] += 1;
    counts.total += 1;
  }

  return counts;
}

/** Returns whether any result blocks the upgrade: `pmgup check` exits non-zero exactly then. */
export function checklistFailed(diagnostics: Diagnostic[]): boolean {
  return diagnostics.some((entry) => BLOCKING_SEVERITIES.includes(entry.severity));
}

/** Renders one host's checklist as text ending in a newline, with colours only when `color` is true. */
export function renderChecklist(report: ChecklistReport, options: { color: boolean }): string {
  const cluster = report.cluster === undefined ? '' : `, cluster ${escapeInline(report.cluster)}`;

  return renderSection(`= ${escapeInline(report.host)} (${report.phase}${cluster}) =`, report.diagnostics, palette(options.color));
}

/** Renders the cluster-wide checklist of one cluster as renderChecklist renders a host's. */
export function renderClusterChecklist(report: ClusterChecklistReport, options: { color: boolean }): string {
  const members = report.members.map(escapeInline).join(', ');
  const absent = report.withoutFacts.length === 0 ? '' : `; without facts: ${report.withoutFacts.map(escapeInline).join(', ')}`;

  return renderSection(`= cluster ${escapeInline(report.cluster)}: ${members}${absent} =`, report.diagnostics, palette(options.color));
}

function renderSection(header: string, diagnostics: Diagnostic[], colors: Palette): string {
  const lines = [colors.bold(header), ''];

  for (const entry of diagnostics) {
    lines.push(...renderResult(entry, colors));
  }
  if (diagnostics.length === 0) {
    lines.push('No checks ran.');
  }
  lines.push('', ...renderSummary(countResults(diagnostics), colors));

  return `${lines.join('\n')}\n`;
}

/** Renders one result: the level line, then the location and fix indented. */
export function renderResult(entry: Diagnostic, colors: Palette): string[] {
  const lines = [
    `${label(entry.severity, colors)}: ${escapeInline(entry.subject)}: ${escapeInline(entry.message)} [${escapeInline(entry.code)}]`,
  ];
  if (entry.location) {
    lines.push(`${INDENT}at ${formatLocation(entry.location)}`);
  }
  if (entry.fix) {
    lines.push(`${INDENT}fix: ${escapeInline(entry.fix)}`);
  }

  return lines;
}

function renderSummary(counts: ChecklistCounts, colors: Palette): string[] {
  const width =
    Math.max(...LEVELS.map((level) => SUMMARY_LABELS[level].length), 'TOTAL'.length) + 2;
  const lines = [colors.bold('= SUMMARY ='), '', `${'TOTAL:'.padEnd(width)}${counts.total}`];
  for (const level of LEVELS) {
    const text = `${`${SUMMARY_LABELS[level]}:`.padEnd(width)}${counts[level]}`;
    // Colour a level only when it has results, so zero counts stay calm.
    lines.push(counts[level] > 0 ? paint(level, text, colors) : text);
  }

  return lines;
}

function label(severity: Severity, colors: Palette): string {
  return paint(severity, LABELS[severity], colors);
}

function paint(severity: Severity, text: string, colors: Palette): string {
  switch (severity) {
    case 'pass':
      return colors.green(text);
    case 'notice':
      return colors.bold(text);
    case 'warning':
      return colors.yellow(text);
    case 'error':
      return colors.red(colors.bold(text));
    case 'skip':
      return colors.dim(text);
    case 'info':
      return colors.cyan(text);
  }
}

function formatLocation(location: NonNullable<Diagnostic['location']>): string {
  const line = location.line === undefined ? '' : `:${location.line}`;
  const stanza = location.stanza === undefined ? '' : ` (stanza ${location.stanza})`;

  return `${escapeInline(location.file)}${line}${stanza}`;
}

/**
 * Rendering of diagnostics inside the plan view: level, code, subject,
 * message, location and fix, with host-supplied text escaped.
 */
import type { Diagnostic, Severity } from '../plan/model.js';
import type { Palette } from './color.js';
import { escapeInline } from './escape.js';

const LABELS: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  notice: 'notice',
  info: 'info',
  pass: 'pass',
  skip: 'skip',
};

function label(severity: Severity, palette: Palette): string {
  const text = LABELS[severity].padEnd(7);
  switch (severity) {
    case 'error':
      return palette.red(palette.bold(text));
    case 'warning':
      return palette.yellow(text);
    case 'pass':
      return palette.green(text);
    default:
      return palette.dim(text);
  }
}

/** Renders one diagnostic as a first line and indented detail lines. */
export function renderDiagnostic(diagnostic: Diagnostic, palette: Palette): string[] {
  const where = diagnostic.location
    ? ` (${escapeInline(diagnostic.location.file)}${diagnostic.location.line ? `:${diagnostic.location.line}` : ''}${
        diagnostic.location.stanza ? `, stanza ${diagnostic.location.stanza}` : ''
      })`
    : '';
  const lines = [
    `${label(diagnostic.severity, palette)} ${diagnostic.code}: ${escapeInline(diagnostic.subject)}${where}`,
    `        ${escapeInline(diagnostic.message)}`,
  ];
  if (diagnostic.fix) {
    lines.push(`        fix: ${escapeInline(diagnostic.fix)}`);
  }

  return lines;
}

/** Counts diagnostics per severity; every severity is present, zero included. */
export function severityCounts(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0, info: 0, pass: 0, skip: 0 };
  for (const diagnostic of diagnostics) {
    counts[diagnostic.severity] += 1;
  }

  return counts;
}

/**
 * The JSON form of the checklist (`pmgup check --json`): a versioned
 * document with the host, its phase, every result as the plan's Diagnostic
 * and the counts per level. Strings keep their raw values. JSON escapes the
 * C0 control characters such as ESC, but C1 controls (U+0080 to U+009F) and
 * bidirectional marks pass through, so a consumer that prints the strings
 * must escape those itself.
 */
import type { Diagnostic } from '../plan/model.js';
import type { Phase } from '../plan/phase.js';
import type { ChecklistCounts, ChecklistReport } from './checklist.js';
import { countResults } from './checklist.js';

/** Major version of the checklist document. Minor additions add fields; a consumer ignores fields it does not know. */
export const CHECKLIST_FORMAT_VERSION = 1;

export interface ChecklistDocument {
  formatVersion: typeof CHECKLIST_FORMAT_VERSION;
  host: string;
  phase: Phase;
  results: Diagnostic[];
  counts: ChecklistCounts;
}

/** Builds the document for one host; the results keep the order of the report. */
export function checklistDocument(report: ChecklistReport): ChecklistDocument {
  return {
    formatVersion: CHECKLIST_FORMAT_VERSION,
    host: report.host,
    phase: report.phase,
    results: report.diagnostics,
    counts: countResults(report.diagnostics),
  };
}

/** Renders the document as indented JSON ending in a newline. */
export function renderChecklistJson(report: ChecklistReport): string {
  return `${JSON.stringify(checklistDocument(report), null, 2)}\n`;
}

/**
 * The JSON form of the checklist (`pmgup check --json`): a versioned
 * document with the host, its phase, every result as the plan's Diagnostic
 * and the counts per level, and one with the cluster-wide results of each
 * cluster. Strings keep their raw values. JSON escapes the
 * C0 control characters such as ESC, but C1 controls (U+0080 to U+009F) and
 * bidirectional marks pass through, so a consumer that prints the strings
 * must escape those itself.
 */
import type { Diagnostic } from '../plan/model.js';
import type { Phase } from '../plan/phase.js';
import type { ChecklistCounts, ChecklistReport, ClusterChecklistReport } from './checklist.js';
import { countResults } from './checklist.js';

/** Major version of the checklist document. Minor additions add fields; a consumer ignores fields it does not know. */
export const CHECKLIST_FORMAT_VERSION = 1;

export interface ChecklistDocument {
  formatVersion: typeof CHECKLIST_FORMAT_VERSION;
  host: string;
  phase: Phase;
  /** The cluster the host is checked with; absent for a host checked on its own. */
  cluster?: string;
  results: Diagnostic[];
  counts: ChecklistCounts;
}

/** The cluster-wide results of one cluster: it has `cluster` and `members` where a host's document has `host`. */
export interface ClusterChecklistDocument {
  formatVersion: typeof CHECKLIST_FORMAT_VERSION;
  cluster: string;
  members: string[];
  /** Members cluster.conf lists that could not be probed or whose facts file was not given. */
  withoutFacts: string[];
  results: Diagnostic[];
  counts: ChecklistCounts;
}

/** Builds the document for one host; the results keep the order of the report. */
export function checklistDocument(report: ChecklistReport): ChecklistDocument {
  return {
    formatVersion: CHECKLIST_FORMAT_VERSION,
    host: report.host,
    phase: report.phase,
    ...(report.cluster !== undefined && { cluster: report.cluster }),
    results: report.diagnostics,
    counts: countResults(report.diagnostics),
  };
}

/** Builds the document for one cluster's cluster-wide results. */
export function clusterChecklistDocument(report: ClusterChecklistReport): ClusterChecklistDocument {
  return {
    formatVersion: CHECKLIST_FORMAT_VERSION,
    cluster: report.cluster,
    members: report.members,
    withoutFacts: report.withoutFacts,
    results: report.diagnostics,
    counts: countResults(report.diagnostics),
  };
}

/** Renders the document as indented JSON ending in a newline. */
export function renderChecklistJson(report: ChecklistReport): string {
  return `${JSON.stringify(checklistDocument(report), null, 2)}\n`;
}

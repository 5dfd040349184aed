/**
 * Joins the checklist's diagnostics with the ones the diff raises. Where
 * both report the same problem, the checklist's finding stays (it names
 * each file and line) and the diff's summary goes. The diff's finding stays
 * whenever the checklist did not flag the problem as an error, so a problem
 * that blocks the plan can never disappear in the merge.
 */
import type { Diagnostic } from './model.js';

/** Diff codes and the checklist codes whose errors report the same problem. */
const COVERED_BY: Record<string, readonly string[]> = {
  'apt-third-party-release': ['apt-third-party'],
  'upgrade-within-7-first': ['meta-package-version', 'pmg-api-version'],
  'pg-database-not-found': ['postgres-version'],
};

export function mergeDiagnostics(checks: readonly Diagnostic[], diff: readonly Diagnostic[]): Diagnostic[] {
  const checkErrors = new Set(checks.filter((item) => item.severity === 'error').map((item) => item.code));
  const kept = diff.filter((item) => !(COVERED_BY[item.code] ?? []).some((code) => checkErrors.has(code)));

  return [...checks, ...kept];
}

/**
 * Shared helpers for the plan core's tests: the desired state with every
 * default applied (through the real loader, so defaults come from the
 * schema), a fixed planning time, and shortcuts to plan one host.
 */
import { validateDesiredState } from '../../../lib/config/load.js';
import type { Desired } from '../../../lib/config/desired.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import { diffHost, planHost } from '../../../lib/plan/plan-host.js';
import type { Action, HostPlanResult } from '../../../lib/plan/model.js';

/** The planning time of every test: one hour after the facts were probed. */
export const NOW = new Date('2026-12-01T11:00:00Z');

export const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

/** Returns the desired state of a TOML document with these values (as parsed TOML data). */
export function desired(data: Record<string, unknown> = {}): Desired {
  return validateDesiredState(data, 'test.toml');
}

/**
 * Diffs one host without the checklist, whose diagnostics have tests of
 * their own.
 */
export function plan(facts: HostFacts, data: Record<string, unknown> = {}, name = 'pmg1'): HostPlanResult {
  return diffHost({ name, desired: desired(data), facts, now: NOW });
}

/** Plans one host with every diagnostic, the checklist's included. */
export function planWithChecks(facts: HostFacts, data: Record<string, unknown> = {}, name = 'pmg1'): HostPlanResult {
  return planHost({ name, desired: desired(data), facts, now: NOW });
}

/** Returns the action ids without the host prefix, in plan order. */
export function slugs(result: HostPlanResult): string[] {
  return result.actions.map((action) => action.id.slice(action.id.indexOf('/') + 1));
}

export function actionOf(result: HostPlanResult, slug: string): Action {
  const found = result.actions.find((action) => action.id.endsWith(`/${slug}`));
  if (!found) {
    throw new Error(`no action ${slug} in the plan; planned: ${slugs(result).join(', ')}`);
  }

  return found;
}

export function codes(result: HostPlanResult): string[] {
  return result.diagnostics.map((item) => `${item.severity}:${item.code}`);
}

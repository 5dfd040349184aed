/**
 * The line `pmgup plan --out FILE` prints after saving: the apply command
 * when `pmgup apply FILE` can take the plan, and otherwise what to do to get
 * a plan that it can take.
 */
import type { Plan } from '../plan/model.js';

/**
 * Returns the hosts of `plan` that were planned from recorded facts. apply
 * reaches a host through the plan's `local` or `ssh:` target, so it rejects
 * these (see commands/apply-targets.ts).
 */
export function recordedHosts(plan: Plan): string[] {
  return plan.hosts.filter((host) => host.target !== 'local' && !host.target.startsWith('ssh:')).map((host) => host.name);
}

/** Returns the message, starting with a blank line, on what to do with the plan saved to `out`. */
export function savedPlanHint(plan: Plan, out: string): string {
  const recorded = recordedHosts(plan);
  if (!plan.errored && recorded.length === 0) {
    return `\nSaved the plan to ${out}. Apply exactly this plan with: pmgup apply ${out}\n`;
  }

  const reasons: string[] = [];
  if (plan.errored) {
    reasons.push('pmgup apply rejects a plan with errors: fix what the plan reports and run pmgup plan again.');
  }
  if (recorded.length > 0) {
    reasons.push(
      `The plan does not say how to reach the hosts planned from recorded facts (${recorded.join(', ')}). ` +
        'To get a plan to apply, plan the live hosts with --host (or --local on the gateway itself).',
    );
  }

  return `\nSaved the plan to ${out} for review only.\n${reasons.join('\n')}\n`;
}

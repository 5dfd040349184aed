/**
 * Stale-plan detection, run on fresh facts before apply changes anything.
 * A plan is stale when it was made by another pmgup version, from another
 * desired-state file content, for another machine, or when any fact an
 * action was planned from differs now (a fact that appeared or disappeared
 * included). Pure: the caller probes.
 */
import { UserError } from '../errors.js';
import type { HostPlan, Plan } from '../plan/model.js';
import { compareFingerprints, type StaleFact } from '../planfile/fingerprint.js';
import type { HostFacts } from '../probe/facts.js';

/** One reason a plan is stale, with what the plan saw and what is true now. */
export interface StaleReason {
  host: string | null;
  /** A fact key, or `tool version`, `desired state`, `machine id`. */
  subject: string;
  before: string;
  after: string;
}

/** Compares the plan's tool version and desired-state hash with this run's. */
export function staleInputs(plan: Plan, current: { toolVersion: string; desiredStateSha256: string }): StaleReason[] {
  const reasons: StaleReason[] = [];
  if (plan.tool.version !== current.toolVersion) {
    reasons.push({ host: null, subject: 'tool version', before: plan.tool.version, after: current.toolVersion });
  }
  if (plan.desiredState.sha256 !== current.desiredStateSha256) {
    reasons.push({
      host: null,
      subject: `desired state ${plan.desiredState.path} (sha256)`,
      before: plan.desiredState.sha256,
      after: current.desiredStateSha256,
    });
  }

  return reasons;
}

/**
 * Compares one host's saved identity and fingerprints with fresh facts.
 * Facts under `pmgup.` (the lock, journal and detached units of pmgup
 * itself) are left out: apply takes the lock before it probes, so they
 * always differ and say nothing about the host's own state. So are the
 * keys in `changedByPlan`: facts of actions an earlier apply of this same
 * plan started, which the plan itself changed.
 */
export function staleHost(hostPlan: HostPlan, facts: HostFacts, changedByPlan: ReadonlySet<string> = new Set()): StaleReason[] {
  const reasons: StaleReason[] = [];
  if (hostPlan.machineId !== facts.identity.machineId) {
    reasons.push({
      host: hostPlan.name,
      subject: 'machine id (/etc/machine-id)',
      before: hostPlan.machineId,
      after: facts.identity.machineId,
    });
  }

  const saved = Object.fromEntries(
    Object.entries(hostPlan.fingerprints).filter(([key]) => !key.startsWith('pmgup.') && !changedByPlan.has(key)),
  );
  for (const fact of compareFingerprints(saved, facts)) {
    reasons.push({ host: hostPlan.name, subject: fact.key, before: fact.before, after: describeAfter(fact) });
  }

  return reasons;
}

function describeAfter(fact: StaleFact): string {
  return fact.change === 'changed' ? fact.after : `${fact.after} (${fact.change})`;
}

/** The plan no longer matches the host or the inputs; nothing was changed. */
export class StalePlanError extends UserError {
  override name = 'StalePlanError';
  readonly reasons: StaleReason[];

  constructor(reasons: StaleReason[]) {
    const lines = reasons.map((reason) => {
      const where = reason.host === null ? '' : `${reason.host}: `;

      return `  ${where}${reason.subject}\n    plan: ${reason.before}\n    now:  ${reason.after}`;
    });
    super(
      'The plan is stale: the host or the inputs changed after it was made',
      `${lines.join('\n')}\nNothing on the host was changed. Run pmgup plan again, review the new plan, and apply that one.`,
    );
    this.reasons = reasons;
  }
}

/**
 * Bringing the services back. The mail units are unmasked once the database
 * is on the target major, and started unless a reboot follows. Mail units
 * that are only stopped are started. At the very end the cluster daemons are
 * unmasked, and started on cluster members.
 */
import { isActive, isMasked, type PlanContext } from '../context.js';
import { draft, reason, type Draft } from '../draft.js';
import { factKey } from '../fact-keys.js';
import { stepSlug } from '../stages.js';
import { MASKED_STATE, stateChanges, unitState } from './units.js';

export interface ServiceInputs {
  /** Units the plan's stop step masks; they count as masked from then on. */
  stopping: ReadonlySet<string>;
  rebootPlanned: boolean;
  /** The database is on the target major now or after this plan; nothing is unmasked otherwise. */
  databaseOnTarget: boolean;
}

function maskedAfterStop(context: PlanContext, inputs: ServiceInputs, units: string[]): string[] {
  return units.filter((unit) => inputs.stopping.has(unit) || isMasked(context.facts.units[unit]));
}

/** Units that exist, are not masked (now or by the plan) and are not running. */
function stoppedUnits(context: PlanContext, inputs: ServiceInputs, units: string[]): string[] {
  return units.filter((unit) => {
    const fact = context.facts.units[unit];
    return (
      fact !== undefined && fact.loadState !== 'not-found' && !inputs.stopping.has(unit) && !isMasked(fact) && !isActive(fact)
    );
  });
}

function unmaskDraft(context: PlanContext, inputs: ServiceInputs, units: string[], start: boolean, cluster: boolean): Draft {
  const stage = cluster ? 'unmask-cluster-units' : 'unmask-units';
  const why = cluster
    ? start
      ? 'The cluster daemons come back last, once this node runs PMG 8; this host is a cluster member, so they start.'
      : 'The cluster daemons are unmasked last; this host is not a cluster member, so they stay stopped.'
    : start
      ? 'The database is on the target PostgreSQL, so the mail services are unmasked and started.'
      : 'The database is on the target PostgreSQL, so the mail services are unmasked; the reboot starts them.';

  return draft({
    stage,
    slug: stepSlug('unmask-units', cluster ? 'cluster' : undefined),
    step: { kind: 'unmask-units', units, start },
    reason: reason(
      cluster ? 'services.cluster_running' : 'services.running',
      cluster && !start ? 'unmasked' : 'unmasked and running',
      units.map((unit) => `${unit} ${unitState(context.facts.units[unit])}`).join(', '),
      why,
    ),
    changes: stateChanges(context, units, start ? 'loaded/active/enabled' : 'loaded/inactive/enabled', (unit) =>
      inputs.stopping.has(unit) ? MASKED_STATE : undefined,
    ),
    fingerprintKeys: [...units.map(factKey.unit), ...databaseKeys(context), ...(cluster ? ['pmg.clusterConf'] : [])],
  });
}

function startDraft(context: PlanContext, units: string[], cluster: boolean): Draft {
  return draft({
    stage: cluster ? 'start-cluster-units' : 'start-units',
    slug: stepSlug('start-units', cluster ? 'cluster' : undefined),
    step: { kind: 'start-units', units },
    reason: reason(
      cluster ? 'services.cluster_running' : 'services.running',
      'running',
      units.map((unit) => `${unit} ${unitState(context.facts.units[unit])}`).join(', '),
      `${units.join(', ')} must be running and ${units.length === 1 ? 'is' : 'are'} not.`,
    ),
    changes: stateChanges(context, units, 'loaded/active'),
    fingerprintKeys: units.map(factKey.unit),
  });
}

/** The database facts an unmask relies on: it must never bring services back to an empty database. */
function databaseKeys(context: PlanContext): string[] {
  const { major, from_major: fromMajor, cluster } = context.desired.postgresql;

  return [factKey.clusterDatabases(fromMajor, cluster), factKey.clusterDatabases(major, cluster)];
}

/** Plans unmask-units and start-units for the mail units. */
export function planMailServices(context: PlanContext, inputs: ServiceInputs): Draft[] {
  if (!inputs.databaseOnTarget) {
    return [];
  }

  const drafts: Draft[] = [];
  const masked = maskedAfterStop(context, inputs, context.runningUnits);
  if (masked.length > 0) {
    drafts.push(unmaskDraft(context, inputs, masked, !inputs.rebootPlanned, false));
  }
  const stopped = stoppedUnits(context, inputs, context.runningUnits);
  if (stopped.length > 0 && !inputs.rebootPlanned) {
    drafts.push(startDraft(context, stopped, false));
  }

  return drafts;
}

/** Plans the unmask of the cluster daemons and, on cluster members, their start. */
export function planClusterServices(context: PlanContext, inputs: ServiceInputs): Draft[] {
  if (!inputs.databaseOnTarget) {
    return [];
  }

  const drafts: Draft[] = [];
  const masked = maskedAfterStop(context, inputs, context.clusterUnits);
  if (masked.length > 0) {
    drafts.push(unmaskDraft(context, inputs, masked, context.isClusterMember, true));
  }
  const stopped = stoppedUnits(context, inputs, context.clusterUnits);
  if (stopped.length > 0 && context.isClusterMember && !inputs.rebootPlanned) {
    drafts.push(startDraft(context, stopped, true));
  }

  return drafts;
}

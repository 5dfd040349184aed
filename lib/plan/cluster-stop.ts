/**
 * The cluster stop of one member. When a PMG cluster is planned as a
 * whole, each member stops and masks its cluster daemons (pmgmirror,
 * pmgtunnel) in a step of its own, `HOST/stop-units:cluster`, before
 * anything else, instead of together with the mail units. `linkCluster`
 * adds the cross-host edges that make every member wait for every cluster
 * stop; this module only plans the member's own step.
 */
import { isMasked, type PlanContext } from './context.js';
import { draft, reason, type Draft } from './draft.js';
import { factKey } from './fact-keys.js';
import { MASKED_STATE, stateChanges, unitState } from './diff/units.js';
import { stepSlug } from './stages.js';

/** How a member is planned when its whole cluster is in the plan. */
export interface ClusterRole {
  /** The cluster's name in the plan. */
  name: string;
  /**
   * Another member is not yet at the end of the procedure. The member then
   * keeps its cluster daemons stopped even when it needs nothing itself,
   * and starts them again only at the end.
   */
  peersUpgrading: boolean;
}

/** What the cluster stop decided for one member. */
export interface ClusterStop {
  /** Units the mail stop must leave out, because the cluster stop owns them. */
  owned: ReadonlySet<string>;
  /** Units the cluster stop stops and masks; they count as masked from then on. */
  stopping: string[];
  drafts: Draft[];
}

const NO_STOP: ClusterStop = { owned: new Set(), stopping: [], drafts: [] };

/**
 * Plans the cluster stop of a member whose cluster is in the plan. Outside
 * cluster mode it plans nothing and owns nothing. In cluster mode it owns
 * the cluster daemons, and stops every one that is not already masked and
 * inactive unless this member and every peer are at the end of the
 * procedure. `upgrading` tells whether this member's dist-upgrade or
 * database upgrade is planned.
 */
export function planClusterStop(context: PlanContext, upgrading: boolean): ClusterStop {
  const role = context.cluster;
  if (role === undefined || !context.isClusterMember) {
    return NO_STOP;
  }

  const owned = new Set(context.clusterUnits);
  if (!upgrading && context.phase === 'post-upgrade' && !role.peersUpgrading) {
    return { ...NO_STOP, owned };
  }

  const stopping = context.clusterUnits.filter((unit) => {
    const fact = context.facts.units[unit];
    return fact !== undefined && fact.loadState !== 'not-found' && !(isMasked(fact) && fact.activeState === 'inactive');
  });

  return { owned, stopping, drafts: stopping.length === 0 ? [] : [stopDraft(context, role, stopping)] };
}

function stopDraft(context: PlanContext, role: ClusterRole, units: string[]): Draft {
  return draft({
    stage: 'stop-cluster-units',
    slug: stepSlug('stop-units', 'cluster'),
    step: { kind: 'stop-units', units, mask: true },
    reason: reason(
      'procedure: stop and mask the cluster daemons on every node before the first node is upgraded',
      'stopped and masked',
      units.map((unit) => `${unit} ${unitState(context.facts.units[unit])}`).join(', '),
      `Cluster ${role.name} must not synchronise while its members run different releases; mail keeps flowing.`,
    ),
    changes: stateChanges(context, units, MASKED_STATE),
    fingerprintKeys: [...context.clusterUnits.map(factKey.unit), 'pmg.clusterConf'],
  });
}

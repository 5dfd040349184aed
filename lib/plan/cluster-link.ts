/**
 * The cross-host edges of a PMG cluster, added to the members' own graphs.
 * Every member's first changing step waits for the cluster stop
 * (`stop-units:cluster`) of every member, so no member changes while a
 * peer's daemons still run. Each member's first changing step also waits
 * for the `verify` of the member before it, so the members are upgraded one
 * at a time in the given order. The unmask and start of the cluster daemons
 * wait for the `verify` of the last member, so the daemons come back only
 * on a cluster that is done. Pure: actions in, actions with longer
 * `dependsOn` out.
 */
import type { Action } from './model.js';
import { stageOfAction, type Stage } from './stages.js';

const TAIL_STAGES: ReadonlySet<Stage> = new Set(['unmask-cluster-units', 'start-cluster-units']);

interface MemberActions {
  host: string;
  actions: Action[];
  clusterStops: string[];
  verify: string | null;
}

function memberActions(actions: readonly Action[], host: string): MemberActions {
  const own = actions.filter((action) => action.host === host);

  return {
    host,
    actions: own,
    clusterStops: own.filter((action) => stageOfAction(action) === 'stop-cluster-units').map((action) => action.id),
    verify: own.find((action) => stageOfAction(action) === 'verify')?.id ?? null,
  };
}

/** What the edges of one member depend on besides the member itself. */
interface Neighbours {
  /** Every member's cluster stop. */
  clusterStops: string[];
  /** The verify of the nearest earlier member that has one. */
  previous: string | null;
  /** The verify of the last member that has one. */
  lastVerify: string | null;
}

/**
 * Returns the edges to add to one member's actions, by action id. Of the
 * upgrade steps only entries get them: an entry depends on no action of its
 * own host except the cluster stop, and the rest of the member's graph
 * follows the entries. Of the cluster daemons' unmask and start, the first
 * one waits for the last verify.
 */
function memberEdges(member: MemberActions, neighbours: Neighbours): [string, string[]][] {
  const ownIds = new Set(member.actions.map((action) => action.id));
  const ownStops = new Set(member.clusterStops);
  const stageOf = new Map(member.actions.map((action) => [action.id, stageOfAction(action)]));
  const { clusterStops, previous, lastVerify } = neighbours;

  return member.actions.flatMap((action): [string, string[]][] => {
    const stage = stageOf.get(action.id)!;
    const sameHost = action.dependsOn.filter((id) => ownIds.has(id));
    if (stage === 'stop-cluster-units') {
      return [];
    }
    if (TAIL_STAGES.has(stage)) {
      const afterTail = sameHost.some((id) => TAIL_STAGES.has(stageOf.get(id)!));
      return afterTail || lastVerify === null || ownIds.has(lastVerify) ? [] : [[action.id, [lastVerify]]];
    }
    if (!sameHost.every((id) => ownStops.has(id))) {
      return [];
    }

    // The previous member's verify already waits for every cluster stop,
    // so the stops are named only while no member came before.
    return [[action.id, previous === null ? clusterStops.filter((id) => !ownStops.has(id)) : [previous]]];
  });
}

function crossEdges(members: MemberActions[]): Map<string, string[]> {
  const clusterStops = members.flatMap((member) => member.clusterStops);
  const verifies = members.map((member) => member.verify);
  const lastVerify = verifies.filter((id) => id !== null).at(-1) ?? null;

  return new Map(
    members.flatMap((member, index) => {
      const previous = verifies.slice(0, index).filter((id) => id !== null).at(-1) ?? null;
      return memberEdges(member, { clusterStops, previous, lastVerify });
    }),
  );
}

/**
 * Links the members of one cluster, given in upgrade order. Actions of
 * other hosts pass through unchanged; the result keeps the input order.
 */
export function linkCluster(actions: readonly Action[], members: readonly string[]): Action[] {
  const edges = crossEdges(members.map((host) => memberActions(actions, host)));

  return actions.map((action) => {
    const extra = (edges.get(action.id) ?? []).filter((id) => !action.dependsOn.includes(id));

    return extra.length === 0 ? action : { ...action, dependsOn: [...action.dependsOn, ...extra].sort() };
  });
}

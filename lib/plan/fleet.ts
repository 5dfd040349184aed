/**
 * Plans many hosts at once: independent hosts each on their own, and each
 * cluster as a whole, with the cluster-wide checks and the cross-host
 * edges. Pure, like the diff of one host: facts and desired state in, host
 * results, groups and diagnostics out, ready for `assemblePlan`.
 */
import type { Desired } from '../config/desired.js';
import type { HostFacts } from '../probe/facts.js';
import { checkCluster, checkLoneMember, type ClusterUnderCheck, type MissingMember, type UnreachableMember } from './cluster-checks.js';
import type { Diagnostic, HostGroup, HostPlanResult } from './model.js';
import { detectPhase } from './phase.js';
import { planHost } from './plan-host.js';

/** A probed host. */
export interface FleetHost {
  name: string;
  /** The plan's target for the host: `ssh:…`, `local` or `facts:FILE`. */
  target: string;
  facts: HostFacts;
}

/** A group of the inventory; a cluster's hosts are in upgrade order. */
export interface FleetGroup {
  kind: HostGroup['kind'];
  name: string;
  hosts: string[];
  /** Cluster members whose probe failed; always empty for `hosts` groups. */
  unreachable: UnreachableMember[];
  /**
   * Cluster members that no recorded facts file gives; set only for a
   * cluster found among recorded facts (see cluster-recorded.ts).
   */
  missing: MissingMember[];
}

export interface FleetInput {
  desired: Desired;
  hosts: FleetHost[];
  groups: FleetGroup[];
  now: Date;
}

/** The cluster-wide check results of one cluster group. */
export interface ClusterChecks {
  name: string;
  /** The members the plan has facts of, in upgrade order. */
  hosts: string[];
  diagnostics: Diagnostic[];
}

export interface FleetPlan {
  /** One result per host, in the input order. */
  results: HostPlanResult[];
  groups: HostGroup[];
  /**
   * Diagnostics beyond each host's own checklist: the cluster checks of
   * every cluster, then the warnings about members planned without their
   * cluster.
   */
  diagnostics: Diagnostic[];
  /** The cluster checks again, per cluster group in the order of `groups`. */
  clusters: ClusterChecks[];
}

/** Returns, per host of a cluster, whether another member is not yet at the end of the procedure. */
function peersUpgrading(group: FleetGroup, byName: Map<string, FleetHost>, desired: Desired): Map<string, boolean> {
  const pending = new Set(
    group.hosts.filter((name) => {
      const host = byName.get(name);
      return host === undefined || detectPhase(host.facts, desired) !== 'post-upgrade';
    }),
  );
  const unknown = group.unreachable.length > 0 || group.missing.length > 0;

  return new Map(group.hosts.map((name) => [name, unknown || [...pending].some((other) => other !== name)]));
}

function planOne(input: FleetInput, host: FleetHost, cluster: { name: string; peersUpgrading: boolean } | undefined): HostPlanResult {
  const result = planHost({ name: host.name, desired: input.desired, facts: host.facts, now: input.now, cluster });

  return { ...result, host: { ...result.host, target: host.target } };
}

/** Plans every host; members of a cluster group are planned with their cluster role. */
export function planFleet(input: FleetInput): FleetPlan {
  const byName = new Map(input.hosts.map((host) => [host.name, host]));
  const clusters = input.groups.filter((group) => group.kind === 'cluster');
  const roles = new Map<string, { name: string; peersUpgrading: boolean }>();
  for (const group of clusters) {
    for (const [name, peers] of peersUpgrading(group, byName, input.desired)) {
      roles.set(name, { name: group.name, peersUpgrading: peers });
    }
  }

  const results = input.hosts.map((host) => planOne(input, host, roles.get(host.name)));
  const checked = clusters.map((group) => {
    const cluster = clusterUnderCheck(group, byName);
    return { name: group.name, hosts: cluster.members.map((member) => member.name), diagnostics: checkCluster(cluster, input.desired) };
  });
  const diagnostics = [
    ...checked.flatMap((cluster) => cluster.diagnostics),
    ...input.hosts.filter((host) => !roles.has(host.name)).flatMap((host) => checkLoneMember(host.name, host.facts)),
  ];

  return { results, groups: input.groups.map(({ kind, name, hosts }) => ({ kind, name, hosts })), diagnostics, clusters: checked };
}

function clusterUnderCheck(group: FleetGroup, byName: Map<string, FleetHost>): ClusterUnderCheck {
  const members = group.hosts.flatMap((name) => {
    const host = byName.get(name);
    return host === undefined ? [] : [{ name, facts: host.facts }];
  });

  return { name: group.name, members, unreachable: group.unreachable, missing: group.missing };
}

/**
 * The members of a PMG cluster as one member's /etc/pmg/cluster.conf lists
 * them, and the order they are upgraded in. Pure: reads facts only.
 */
import type { HostFacts } from '../probe/facts.js';
import { parseClusterConf, type ClusterNode, type ClusterProblem } from './checks/cluster-conf.js';

/** One member named in cluster.conf. */
export interface ClusterMember {
  /** The section's `name`: the member's hostname. */
  name: string;
  role: 'master' | 'node';
  cid: number;
  /** The section's `ip`, or null when the section has none. */
  ip: string | null;
}

/** What one host's cluster.conf says about its cluster. */
export type Membership =
  | { kind: 'none'; reason: string }
  | { kind: 'invalid'; problems: ClusterProblem[] }
  | { kind: 'member'; members: ClusterMember[] };

function toMember(node: ClusterNode): ClusterMember {
  return { name: node.properties.name ?? '', role: node.type, cid: node.cid, ip: node.properties.ip || null };
}

/** Reads the cluster a host belongs to from its facts. */
export function membershipOf(facts: HostFacts): Membership {
  const file = facts.pmg.clusterConf;
  if (file === null) {
    return { kind: 'none', reason: 'has no /etc/pmg/cluster.conf' };
  }
  if (file.content === null) {
    return { kind: 'none', reason: `has a cluster.conf of ${file.sizeBytes} bytes that pmgup did not read (over 1 MiB or not UTF-8)` };
  }

  const parsed = parseClusterConf(file.content);
  if (parsed.problems.length > 0) {
    return { kind: 'invalid', problems: parsed.problems };
  }
  if (parsed.nodes.length === 0) {
    return { kind: 'none', reason: 'has a cluster.conf without nodes' };
  }

  return { kind: 'member', members: parsed.nodes.map(toMember) };
}

/** The default upgrade order: the master first, then the nodes by ascending cluster id. */
function defaultRank(member: ClusterMember): number {
  return member.role === 'master' ? 0 : member.cid;
}

/**
 * Returns the members in upgrade order: the names in `requested` first, in
 * that order, then the others in the default order. Names in `requested`
 * that are not members are left out; the inventory loader reports them.
 */
export function upgradeOrder(members: readonly ClusterMember[], requested: readonly string[] = []): ClusterMember[] {
  const chosen = requested.flatMap((name) => members.filter((member) => member.name === name));
  const rest = members.filter((member) => !requested.includes(member.name)).sort((left, right) => defaultRank(left) - defaultRank(right));

  return [...chosen, ...rest];
}

/**
 * Returns a canonical text of the cluster.conf sections (every property,
 * sections by cid), so two members' files can be compared regardless of
 * layout.
 */
export function canonicalClusterConf(facts: HostFacts): string[] | null {
  const content = facts.pmg.clusterConf?.content;
  if (content === null || content === undefined) {
    return null;
  }

  return parseClusterConf(content)
    .nodes.slice()
    .sort((left, right) => left.cid - right.cid)
    .map((node) => {
      const properties = Object.keys(node.properties)
        .sort()
        .map((key) => `${key}=${node.properties[key]}`);

      return `${node.type}: ${node.cid} ${properties.join(' ')}`;
    });
}

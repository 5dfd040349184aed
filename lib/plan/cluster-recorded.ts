/**
 * Clusters among hosts planned from recorded facts. A facts file carries
 * its host's hostname and /etc/pmg/cluster.conf, so two files whose
 * cluster.conf names the other's host belong to one cluster. Every cluster
 * with at least two recorded members becomes a cluster group, like the one
 * an inventory `[[cluster]]` gives. Its members follow the upgrade order of
 * the first file's cluster.conf, and each member that no file gives is
 * recorded as missing. A member recorded alone stays a host of its own,
 * which the `cluster-partial` warning covers. Pure: reads facts only.
 */
import type { HostFacts } from '../probe/facts.js';
import { membershipOf, upgradeOrder, type ClusterMember } from './cluster-members.js';
import type { MissingMember } from './cluster-presence.js';
import type { FleetGroup } from './fleet.js';

/** A host loaded from a recorded facts file. */
export interface RecordedHost {
  /** The host's name in the plan. */
  name: string;
  /** The facts file, as given on the command line. */
  file: string;
  facts: HostFacts;
}

/** A recorded host whose cluster.conf lists its own hostname, with the members it lists. */
interface Candidate {
  host: RecordedHost;
  members: ClusterMember[];
}

// The plan schema's pattern for group names.
const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/**
 * Returns a cluster group for every cluster that two or more of `hosts`
 * are members of, in the order of each cluster's first host. A group is
 * named after its master. When `takenNames` contains that name, or it is no
 * valid group name, a suffix or `cluster` replaces it. The name chosen is
 * added to `takenNames`.
 */
export function findRecordedClusters(hosts: readonly RecordedHost[], takenNames: Set<string> = new Set()): FleetGroup[] {
  const candidates = hosts.flatMap((host): Candidate[] => {
    const members = ownCluster(host.facts);
    return members === null ? [] : [{ host, members }];
  });

  return connectedSets(candidates)
    .filter((set) => set.length > 1)
    .map((set) => clusterGroup(set, takenNames));
}

/** Returns the members a host's cluster.conf lists, or null when it is in no cluster or not among them. */
function ownCluster(facts: HostFacts): ClusterMember[] | null {
  const membership = membershipOf(facts);
  if (membership.kind !== 'member') {
    return null;
  }

  return membership.members.some((member) => member.name === facts.identity.hostname) ? membership.members : null;
}

/** Splits the candidates into sets joined by one cluster.conf naming the other's host, keeping the input order. */
function connectedSets(candidates: Candidate[]): Candidate[][] {
  // Union-find over the candidates' indexes: each set is named by its root.
  const root = candidates.map((_, index) => index);
  const find = (index: number): number => {
    while (root[index] !== index) {
      index = root[index]!;
    }
    return index;
  };
  const lists = (candidate: Candidate, other: Candidate) =>
    candidate.members.some((member) => member.name === other.host.facts.identity.hostname);

  candidates.forEach((candidate, index) => {
    candidates.slice(0, index).forEach((earlier, earlierIndex) => {
      if (lists(candidate, earlier) || lists(earlier, candidate)) {
        root[find(index)] = find(earlierIndex);
      }
    });
  });

  const sets = new Map<number, Candidate[]>();
  candidates.forEach((candidate, index) => {
    const key = find(index);
    sets.set(key, [...(sets.get(key) ?? []), candidate]);
  });

  return [...sets.values()];
}

function clusterGroup(set: Candidate[], takenNames: Set<string>): FleetGroup {
  const [reference] = set as [Candidate, ...Candidate[]];
  const byHostname = new Map(set.map((candidate) => [candidate.host.facts.identity.hostname, candidate.host]));
  const listed = listedMembers(set);
  // Every host's cluster.conf lists the host itself, so `listed` names them all.
  const recorded = listed.flatMap((member) => {
    const host = byHostname.get(member.name);
    return host === undefined ? [] : [host.name];
  });
  const missing = listed.filter((member) => !byHostname.has(member.name)).map((member) => missingMember(member, set));
  const master = reference.members.find((member) => member.role === 'master') ?? reference.members[0]!;

  return {
    kind: 'cluster',
    name: freeName(master.name, takenNames),
    hosts: recorded,
    unreachable: [],
    missing,
  };
}

/**
 * Returns the members of the first host's cluster.conf in upgrade order,
 * then those only other files list. Files that disagree are reported by the
 * cluster.conf comparison of the cluster checks.
 */
function listedMembers(set: Candidate[]): ClusterMember[] {
  const listed = upgradeOrder(set[0]!.members);
  for (const candidate of set.slice(1)) {
    listed.push(...candidate.members.filter((member) => !listed.some((known) => known.name === member.name)));
  }

  return listed;
}

function missingMember(member: ClusterMember, set: Candidate[]): MissingMember {
  const listing = set.filter((candidate) => candidate.members.some((item) => item.name === member.name));

  return { name: member.name, ip: member.ip, listedIn: listing.map((candidate) => candidate.host.file) };
}

function freeName(preferred: string, takenNames: Set<string>): string {
  const base = GROUP_NAME.test(preferred) ? preferred : 'cluster';
  let name = base;
  for (let suffix = 2; takenNames.has(name); suffix += 1) {
    name = `${base.slice(0, 56)}-${suffix}`;
  }
  takenNames.add(name);

  return name;
}

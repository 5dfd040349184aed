/**
 * Cluster groups for hosts given as recorded facts (`--facts`), so that a
 * cluster recorded member by member is planned and checked as a whole, the
 * way an inventory `[[cluster]]` is. Which files form a cluster is decided
 * in lib/plan/cluster-recorded.ts; this module only places the hosts.
 */
import { findRecordedClusters } from '../plan/cluster-recorded.js';
import type { FleetGroup } from '../plan/fleet.js';
import type { HostWithFacts } from './targets.js';

const FACTS_PREFIX = 'facts:';

/**
 * Returns the hosts with every cluster among the recorded ones grouped: its
 * members get the group and follow one another in upgrade order, at the
 * place of the first member given. Hosts probed live, hosts already in an
 * inventory group and recorded hosts in no cluster pass unchanged.
 */
export function groupRecordedClusters(hosts: HostWithFacts[]): HostWithFacts[] {
  const recorded = hosts.filter((host) => host.transport === null && host.group === undefined && host.target.startsWith(FACTS_PREFIX));
  const takenNames = new Set(hosts.flatMap((host) => (host.group === undefined ? [] : [host.group.name])));
  const groups = findRecordedClusters(
    recorded.map((host) => ({ name: host.name, file: host.target.slice(FACTS_PREFIX.length), facts: host.facts })),
    takenNames,
  );
  if (groups.length === 0) {
    return hosts;
  }

  const groupOf = new Map(groups.flatMap((group) => group.hosts.map((name): [string, FleetGroup] => [name, group])));
  const byName = new Map(recorded.map((host) => [host.name, host]));
  const placed = new Set<FleetGroup>();

  return hosts.flatMap((host) => {
    const group = byName.has(host.name) ? groupOf.get(host.name) : undefined;
    if (group === undefined) {
      return [host];
    }
    if (placed.has(group)) {
      return [];
    }

    placed.add(group);
    return group.hosts.map((name) => ({ ...byName.get(name)!, group }));
  });
}

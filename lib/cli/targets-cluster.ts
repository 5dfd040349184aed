/**
 * Finding the members of an inventory cluster. The member the inventory
 * gives is probed first; its /etc/pmg/cluster.conf names the others (their
 * `name` and `ip`), which are probed next at the address the inventory sets
 * for that node name, else as root@IP. An inventory that names a node the
 * file does not list is an input error; a member that cannot be probed, or
 * answers with another hostname, is recorded as unreachable and becomes an
 * error diagnostic of the plan.
 *
 * NOTE: `pmgup apply` waits for long steps that an earlier apply left
 * running only on the targets known before probing, so a member found here
 * is planned from its facts as they are. Apply still waits for such a step
 * on every host before any change, and rejects the plan as stale when the
 * step changed a fact the plan was made from.
 */
import { clusterEntryError, type InventoryCluster, type LoadedInventory } from '../config/inventory.js';
import type { PathSegment } from '../config/key-path.js';
import type { SchemaProblem } from '../config/schema-errors.js';
import type { UnreachableMember } from '../plan/cluster-checks.js';
import { membershipOf, upgradeOrder, type ClusterMember } from '../plan/cluster-members.js';
import type { FleetGroup } from '../plan/fleet.js';
import type { Transport } from '../transport/types.js';
import { errorTitle, inventoryOrigin, probeAll, type HostWithFacts, type Target } from './targets.js';
import { settleInOrder } from './targets-limit.js';

/** The inventory entry and connection factory a cluster seed carries. */
export interface ClusterSeed {
  entry: InventoryCluster;
  inventory: LoadedInventory;
  /** Creates the transport to a member's address with the command line's SSH options. */
  connect: (address: string) => Promise<Transport>;
}

interface Probe {
  target: Target;
  host: HostWithFacts;
}

/** A member still to be probed. Its target has no transport until connectPending creates one. */
interface Pending {
  member: ClusterMember;
  address: string;
  group: FleetGroup;
  target: Target;
  connect: ClusterSeed['connect'];
}

/** A seed's cluster after its cluster.conf was read. */
interface Found {
  seed: Probe;
  group: FleetGroup;
  ordered: ClusterMember[];
  pending: Pending[];
}

/**
 * Returns the hosts in target order, each seed replaced by its cluster's
 * members in upgrade order. New member targets are passed to `addTargets`
 * before they are probed. Throws InputError when an inventory entry
 * disagrees with the seed's cluster.conf. `probe` is replaced in tests.
 */
export async function discoverClusters(
  probes: Probe[],
  parallelism: number,
  addTargets: (targets: Target[]) => void,
  probe: typeof probeAll = probeAll,
): Promise<HostWithFacts[]> {
  const problems: SchemaProblem[] = [];
  const found = new Map<Probe, Found>();
  for (const probe of probes) {
    const seed = probe.target.cluster;
    if (seed !== undefined) {
      found.set(probe, readCluster(probe, seed, problems));
    }
  }
  if (problems.length > 0) {
    throw clusterEntryError(probes.find((probe) => probe.target.cluster)!.target.cluster!.inventory, problems);
  }

  const pending = [...found.values()].flatMap((cluster) => cluster.pending);
  await connectPending(pending);
  addTargets(pending.map((item) => item.target));
  const members = await probeMembers(pending, parallelism, probe);

  return probes.flatMap((probe) => {
    const cluster = found.get(probe);
    return cluster === undefined ? [probe.host] : clusterHosts(cluster, members);
  });
}

function readCluster(seed: Probe, info: ClusterSeed, problems: SchemaProblem[]): Found {
  const { entry } = info;
  const group: FleetGroup = { kind: 'cluster', name: entry.name, hosts: [], unreachable: [], missing: [] };
  const members = seedMembers(seed, entry, problems);
  const names = members.map((member) => member.name);
  const unknown = (name: string, path: PathSegment[]) =>
    names.includes(name) ? [] : [{ path, message: `${JSON.stringify(name)} is not a member: /etc/pmg/cluster.conf on ${seed.host.name} names ${names.join(', ') || 'no member'}` }];
  if (members.length > 0) {
    problems.push(...entry.order.flatMap((name, index) => unknown(name, [...entry.path, 'order', index])));
    problems.push(...[...entry.nodes.keys()].flatMap((name) => unknown(name, [...entry.path, 'nodes', name])));
  }

  const ordered = upgradeOrder(members, entry.order);
  const pending = ordered.filter((member) => member.name !== seed.host.facts.identity.hostname).flatMap((member) => pendingMember(member, info, group));

  return { seed, group, ordered, pending };
}

/** Returns the members the seed's cluster.conf lists, or none after recording why it cannot be used. */
function seedMembers(seed: Probe, entry: InventoryCluster, problems: SchemaProblem[]): ClusterMember[] {
  const path = entry.member.path;
  const where = `${entry.member.address} (${seed.host.name})`;
  const membership = membershipOf(seed.host.facts);
  if (membership.kind === 'none') {
    problems.push({ path, message: `the member at ${where} ${membership.reason}, so it is in no PMG cluster; list it as a [[host]] instead` });
    return [];
  }
  if (membership.kind === 'invalid') {
    const lines = membership.problems.map((problem) => problem.message).join('; ');
    problems.push({ path, message: `/etc/pmg/cluster.conf on ${where} is invalid: ${lines}` });
    return [];
  }

  const hostname = seed.host.facts.identity.hostname;
  if (!membership.members.some((member) => member.name === hostname)) {
    const names = membership.members.map((member) => member.name).join(', ');
    problems.push({ path, message: `/etc/pmg/cluster.conf on ${where} names ${names} but not this host's own name ${JSON.stringify(hostname)}` });
    return [];
  }

  return membership.members;
}

function pendingMember(member: ClusterMember, info: ClusterSeed, group: FleetGroup): Pending[] {
  const override = info.entry.nodes.get(member.name)?.address;
  const address = override ?? (member.ip === null ? null : `root@${member.ip}`);
  if (address === null) {
    group.unreachable.push({ name: member.name, address: '(none)', error: 'cluster.conf gives no ip for it, and the inventory sets no address under nodes' });
    return [];
  }

  const node = info.entry.nodes.get(member.name);
  const where = node === undefined ? `${address} from its ip in /etc/pmg/cluster.conf` : inventoryOrigin(info.inventory, node);
  const origin = `member ${member.name} of cluster ${info.entry.name}, at ${where}`;
  const target: Target = { name: member.name, transport: null, factsFile: null, group, origin };

  return [{ member, address, group, target, connect: info.connect }];
}

/** Creates the members' transports in parallel; rejects with the first failure in member order. */
async function connectPending(pending: Pending[]): Promise<void> {
  const transports = await settleInOrder(pending.map((item) => item.connect(item.address)));
  pending.forEach((item, index) => {
    item.target.transport = transports[index]!;
  });
}

/** Probes the pending members; a failure or a host with another name is recorded as unreachable. */
async function probeMembers(pending: Pending[], parallelism: number, probe: typeof probeAll): Promise<Map<Target, HostWithFacts>> {
  const probed = await probe(
    pending.map((item) => item.target),
    parallelism,
  );
  const hosts = new Map<Target, HostWithFacts>();
  probed.forEach((result, index) => {
    const item = pending[index]!;
    const unreachable = (error: string): void => {
      item.group.unreachable.push({ name: item.member.name, address: item.address, error } satisfies UnreachableMember);
    };
    if ('error' in result) {
      unreachable(errorTitle(result.error));
    } else if (result.host.facts.identity.hostname !== item.member.name) {
      unreachable(`the host there calls itself ${JSON.stringify(result.host.facts.identity.hostname)}, not ${JSON.stringify(item.member.name)}`);
    } else {
      hosts.set(item.target, result.host);
    }
  });

  return hosts;
}

function clusterHosts(cluster: Found, members: Map<Target, HostWithFacts>): HostWithFacts[] {
  const seedName = cluster.seed.host.facts.identity.hostname;
  const byName = new Map([...members.values()].filter((host) => host.group === cluster.group).map((host) => [host.name, host]));
  byName.set(seedName, { ...cluster.seed.host, name: seedName, group: cluster.group });

  const hosts = cluster.ordered.flatMap((member) => {
    const host = byName.get(member.name);
    return host === undefined ? [] : [host];
  });
  cluster.group.hosts.push(...hosts.map((host) => host.name));

  return hosts;
}

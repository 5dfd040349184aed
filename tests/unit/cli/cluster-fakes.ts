/**
 * Stand-ins for discovering an inventory cluster without SSH. A transport
 * carries only its address, and the probe returns the facts registered for
 * that address. Also the probed seed of a `[[cluster]]` entry, and the
 * hosts that discovery finds for a cluster of hand-built members.
 */
import { discoverClusters } from '../../../lib/cli/targets-cluster.js';
import type { HostWithFacts, Probed, Target } from '../../../lib/cli/targets.js';
import { validateInventory } from '../../../lib/config/inventory.js';
import { parseTomlText } from '../../../lib/config/load.js';
import { ConnectionError } from '../../../lib/errors.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import type { Transport } from '../../../lib/transport/types.js';
import { pmg7Host } from '../../support/facts.js';
import { MEMBERS, asMember } from '../plan/cluster-support.js';

const INVENTORY = '[[cluster]]\nname = "mx"\nmember = "root@192.0.2.12"\n';

/** Returns a connection that carries only its address, which the fake probe looks up. */
export function fakeTransport(address: string): Transport {
  return {
    name: address,
    target: `ssh:${address}`,
    run: () => Promise.reject(new Error('the fake transport runs nothing')),
    close: () => Promise.resolve(),
  };
}

/** Returns a probe that returns the facts registered for each address, or a connection error. */
export function fakeProbe(byAddress: Record<string, HostFacts>, probedAddresses: string[]) {
  return async (targets: readonly Target[]): Promise<Probed[]> =>
    targets.map((target) => {
      const address = target.transport!.name;
      probedAddresses.push(address);
      const facts = byAddress[address];
      if (facts === undefined) {
        return { target, error: new ConnectionError(address, 'ssh: connect to host: No route to host') };
      }
      const host: HostWithFacts = {
        name: target.name,
        facts,
        transport: target.transport,
        target: target.transport!.target,
        group: target.group!,
        ...(target.origin !== undefined && { origin: target.origin }),
      };

      return { target, host };
    });
}

/** Returns the seed of the first `[[cluster]]` entry of `toml`, probed as a host with `facts`. */
export function seedProbe(toml: string, facts: HostFacts) {
  const inventory = validateInventory(parseTomlText(toml, 'inventory.toml', 'inventory file'), 'inventory.toml');
  const entry = inventory.clusters[0]!;
  const transport = fakeTransport(entry.member.address);
  const target: Target = { name: '', transport, factsFile: null, cluster: { entry, inventory, connect: async (address) => fakeTransport(address) } };
  const host: HostWithFacts = { name: facts.identity.hostname, facts, transport, target: transport.target };

  return { target, host };
}

/** Returns untouched PMG 7.3 members of a cluster of `size`, master first. */
export function clusterOf(size: number): HostFacts[] {
  return MEMBERS.slice(0, size).map((name) => asMember(pmg7Host(), name, size));
}

/**
 * Returns the hosts that the inventory cluster `mx` finds among `members`:
 * pmg2 is the member the inventory gives, and the others are probed at
 * root@ their cluster.conf ip.
 */
export async function inventoryHosts(members: HostFacts[]): Promise<HostWithFacts[]> {
  const byAddress = Object.fromEntries(members.map((facts) => [`root@${facts.network.hostnameAddresses[0]}`, facts]));
  const seed = seedProbe(INVENTORY, byAddress['root@192.0.2.12']!);

  return discoverClusters([seed], 4, () => {}, fakeProbe(byAddress, []));
}

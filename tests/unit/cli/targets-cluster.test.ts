import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { discoverClusters } from '../../../lib/cli/targets-cluster.js';
import type { HostWithFacts, Probed, Target } from '../../../lib/cli/targets.js';
import { validateInventory } from '../../../lib/config/inventory.js';
import { parseTomlText } from '../../../lib/config/load.js';
import { ConnectionError, InputError } from '../../../lib/errors.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import type { Transport } from '../../../lib/transport/types.js';
import { pmg7Host } from '../../support/facts.js';
import { asMember } from '../plan/cluster-support.js';

/** A connection that carries only its address, which the fake probe looks up. */
function fakeTransport(address: string): Transport {
  return {
    name: address,
    target: `ssh:${address}`,
    run: () => Promise.reject(new Error('the fake transport runs nothing')),
    close: () => Promise.resolve(),
  };
}

/** Returns a probe that returns the facts registered for each address, or a connection error. */
function fakeProbe(byAddress: Record<string, HostFacts>, probedAddresses: string[]) {
  return async (targets: readonly Target[]): Promise<Probed[]> =>
    targets.map((target) => {
      const address = target.transport!.name;
      probedAddresses.push(address);
      const facts = byAddress[address];
      if (facts === undefined) {
        return { target, error: new ConnectionError(address, 'ssh: connect to host: No route to host') };
      }
      const host: HostWithFacts = { name: target.name, facts, transport: target.transport, target: target.transport!.target, group: target.group! };

      return { target, host };
    });
}

function seedProbe(toml: string, facts: HostFacts) {
  const inventory = validateInventory(parseTomlText(toml, 'inventory.toml', 'inventory file'), 'inventory.toml');
  const entry = inventory.clusters[0]!;
  const transport = fakeTransport(entry.member.address);
  const target: Target = { name: '', transport, factsFile: null, cluster: { entry, inventory, connect: async (address) => fakeTransport(address) } };
  const host: HostWithFacts = { name: facts.identity.hostname, facts, transport, target: transport.target };

  return { target, host };
}

const members = {
  'root@192.0.2.11': asMember(pmg7Host(), 'pmg1', 3),
  'root@192.0.2.12': asMember(pmg7Host(), 'pmg2', 3),
  'root@192.0.2.13': asMember(pmg7Host(), 'pmg3', 3),
};

async function discover(toml: string, seed: HostFacts, byAddress: Record<string, HostFacts> = members) {
  const added: Target[] = [];
  const probed: string[] = [];
  const hosts = await discoverClusters([seedProbe(toml, seed)], 4, (targets) => added.push(...targets), fakeProbe(byAddress, probed));

  return { hosts, added, probed };
}

const CLUSTER = '[[cluster]]\nname = "mx"\nmember = "root@gw2.example.org"\n';

describe('cli/targets-cluster', () => {
  describe('discoverClusters()', () => {
    test('finds members at root@ip in default order', async () => {
      const { hosts, added, probed } = await discover(CLUSTER, members['root@192.0.2.12']);

      assert.deepEqual(hosts.map((host) => host.name), ['pmg1', 'pmg2', 'pmg3']);
      assert.deepEqual(probed, ['root@192.0.2.11', 'root@192.0.2.13']);
      assert.deepEqual(added.map((target) => target.name), ['pmg1', 'pmg3']);
      const group = hosts[0]!.group!;
      assert.deepEqual({ kind: group.kind, name: group.name, hosts: group.hosts, unreachable: group.unreachable }, {
        kind: 'cluster',
        name: 'mx',
        hosts: ['pmg1', 'pmg2', 'pmg3'],
        unreachable: [],
      });
      assert.ok(hosts.every((host) => host.group === group), 'every member shares one group');
    });

    test('order and node addresses from the inventory', async () => {
      const toml = `${CLUSTER}order = ["pmg3"]\n[cluster.nodes.pmg1]\naddress = "admin@gw1.example.org:2222"\n`;
      const byAddress = { ...members, 'admin@gw1.example.org:2222': members['root@192.0.2.11'] };
      const { hosts, probed } = await discover(toml, members['root@192.0.2.12'], byAddress);

      assert.deepEqual(hosts.map((host) => host.name), ['pmg3', 'pmg1', 'pmg2']);
      assert.deepEqual(probed.sort(), ['admin@gw1.example.org:2222', 'root@192.0.2.13']);
    });

    test('unknown node names are located', async () => {
      const toml = `${CLUSTER}order = ["pmg3", "pmg9"]\n[cluster.nodes.pmg8]\naddress = "root@gw8"\n`;

      await assert.rejects(discover(toml, members['root@192.0.2.12']), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.message, 'The inventory does not match the cluster');
        const lines = error.problems.map((problem) => `${problem.location}: ${problem.message}`);
        assert.deepEqual(lines, [
          'cluster[0].order[1]: "pmg9" is not a member: /etc/pmg/cluster.conf on pmg2 names pmg1, pmg2, pmg3',
          'cluster[0].nodes.pmg8: "pmg8" is not a member: /etc/pmg/cluster.conf on pmg2 names pmg1, pmg2, pmg3',
        ]);
        return true;
      });
    });

    test('member without cluster.conf', async () => {
      await assert.rejects(discover(CLUSTER, pmg7Host()), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.problems.length, 1);
        assert.equal(error.problems[0]!.location, 'cluster[0].member');
        assert.match(error.problems[0]!.message, /root@gw2\.example\.org \(pmg1\) has no \/etc\/pmg\/cluster\.conf, so it is in no PMG cluster/);
        return true;
      });
    });

    test('member missing from its own cluster.conf', async () => {
      const stranger = { ...members['root@192.0.2.12'], identity: { ...members['root@192.0.2.12'].identity, hostname: 'pmg7' } };

      await assert.rejects(discover(CLUSTER, stranger), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.match(error.problems[0]!.message, /names pmg1, pmg2, pmg3 but not this host's own name "pmg7"/);
        return true;
      });
    });

    test('unreachable member is recorded', async () => {
      const { 'root@192.0.2.13': _gone, ...reachable } = members;
      const { hosts } = await discover(CLUSTER, members['root@192.0.2.12'], reachable);

      assert.deepEqual(hosts.map((host) => host.name), ['pmg1', 'pmg2']);
      const [unreachable] = hosts[0]!.group!.unreachable;
      assert.equal(unreachable!.name, 'pmg3');
      assert.equal(unreachable!.address, 'root@192.0.2.13');
      assert.match(unreachable!.error, /^Cannot reach root@192\.0\.2\.13: ssh: connect to host: No route to host$/);
    });

    test('member answering with another name', async () => {
      const byAddress = { ...members, 'root@192.0.2.13': members['root@192.0.2.11'] };
      const { hosts } = await discover(CLUSTER, members['root@192.0.2.12'], byAddress);

      assert.deepEqual(hosts.map((host) => host.name), ['pmg1', 'pmg2']);
      assert.match(hosts[0]!.group!.unreachable[0]!.error, /calls itself "pmg1", not "pmg3"/);
    });
  });
});

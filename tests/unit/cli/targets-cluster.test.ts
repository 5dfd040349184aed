import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { discoverClusters } from '../../../lib/cli/targets-cluster.js';
import type { Target } from '../../../lib/cli/targets.js';
import { InputError } from '../../../lib/errors.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import { pmg7Host } from '../../support/facts.js';
import { asMember } from '../plan/cluster-support.js';
import { fakeProbe, seedProbe } from './cluster-fakes.js';

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

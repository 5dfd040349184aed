import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { HostWithFacts } from '../../../lib/cli/targets.js';
import { groupRecordedClusters } from '../../../lib/cli/targets-recorded.js';
import type { FleetGroup } from '../../../lib/plan/fleet.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import { pmg7Host } from '../../support/facts.js';
import { asMember } from '../plan/cluster-support.js';
import { fakeTransport } from './cluster-fakes.js';

function fromFile(facts: HostFacts): HostWithFacts {
  const name = facts.identity.hostname;
  return { name, facts, transport: null, target: `facts:dir/${name}.json` };
}

function live(facts: HostFacts): HostWithFacts {
  const name = facts.identity.hostname;
  return { name, facts, transport: fakeTransport(`root@${name}`), target: `ssh:root@${name}:22` };
}

function renamed(name: string): HostFacts {
  const facts = pmg7Host();
  facts.identity = { ...facts.identity, hostname: name };

  return facts;
}

const names = (hosts: HostWithFacts[]) => hosts.map((host) => `${host.name}${host.group === undefined ? '' : `@${host.group.name}`}`);

describe('cli/targets-recorded', () => {
  describe('groupRecordedClusters()', () => {
    test('members move to the first one', () => {
      const hosts = [fromFile(renamed('gw8')), fromFile(asMember(pmg7Host(), 'pmg3', 3)), live(renamed('gw9')), fromFile(asMember(pmg7Host(), 'pmg1', 3))];
      const grouped = groupRecordedClusters(hosts);

      assert.deepEqual(names(grouped), ['gw8', 'pmg1@pmg1', 'pmg3@pmg1', 'gw9']);
      assert.equal(grouped[1]!.group, grouped[2]!.group, 'the members share one group');
      assert.deepEqual(grouped[1]!.group!.missing, [{ name: 'pmg2', ip: '192.0.2.12', listedIn: ['dir/pmg3.json', 'dir/pmg1.json'] }]);
    });

    test('live members stay alone', () => {
      const hosts = [fromFile(asMember(pmg7Host(), 'pmg1', 2)), live(asMember(pmg7Host(), 'pmg2', 2))];

      assert.equal(groupRecordedClusters(hosts), hosts);
    });

    test('inventory group names are avoided', () => {
      const inventoryGroup: FleetGroup = { kind: 'hosts', name: 'pmg1', hosts: ['gw9'], unreachable: [], missing: [] };
      const hosts = [{ ...live(renamed('gw9')), group: inventoryGroup }, fromFile(asMember(pmg7Host(), 'pmg1', 2)), fromFile(asMember(pmg7Host(), 'pmg2', 2))];

      assert.deepEqual(names(groupRecordedClusters(hosts)), ['gw9@pmg1', 'pmg1@pmg1-2', 'pmg2@pmg1-2']);
    });
  });
});

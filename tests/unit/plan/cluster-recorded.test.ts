import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { findRecordedClusters, type RecordedHost } from '../../../lib/plan/cluster-recorded.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import { clone, fileFact, pmg7Host } from '../../support/facts.js';
import { asMember, clusterConf } from './cluster-support.js';

function recorded(facts: HostFacts, file = `${facts.identity.hostname}.json`): RecordedHost {
  return { name: facts.identity.hostname, file, facts };
}

function member(name: string, size: number): RecordedHost {
  return recorded(asMember(pmg7Host(), name, size));
}

/** Returns a member of a second cluster, whose cluster.conf names `own` as master and `peer` as node. */
function otherClusterMember(own: string, peer: string, ownIsMaster: boolean): RecordedHost {
  const facts = clone(pmg7Host());
  facts.identity = { ...facts.identity, hostname: own };
  const [master, node] = ownIsMaster ? [own, peer] : [peer, own];
  const conf = `master: 1\n\tip 198.51.100.1\n\tmaxcid 2\n\tname ${master}\n\nnode: 2\n\tip 198.51.100.2\n\tname ${node}\n`;
  facts.pmg.clusterConf = fileFact('/etc/pmg/cluster.conf', conf);

  return recorded(facts);
}

describe('plan/cluster-recorded', () => {
  describe('findRecordedClusters()', () => {
    test('two members form one cluster', () => {
      const groups = findRecordedClusters([member('pmg2', 2), member('pmg1', 2)]);

      assert.deepEqual(groups, [{ kind: 'cluster', name: 'pmg1', hosts: ['pmg1', 'pmg2'], unreachable: [], missing: [] }]);
    });

    test('three members in upgrade order', () => {
      const groups = findRecordedClusters([member('pmg3', 3), member('pmg1', 3), member('pmg2', 3)]);

      assert.equal(groups.length, 1);
      assert.deepEqual(groups[0]!.hosts, ['pmg1', 'pmg2', 'pmg3']);
      assert.deepEqual(groups[0]!.missing, []);
    });

    test('member no file gives is missing', () => {
      const groups = findRecordedClusters([member('pmg1', 3), recorded(asMember(pmg7Host(), 'pmg2', 3), 'facts/b.json')]);

      assert.deepEqual(groups[0]!.hosts, ['pmg1', 'pmg2']);
      assert.deepEqual(groups[0]!.missing, [{ name: 'pmg3', ip: '192.0.2.13', listedIn: ['pmg1.json', 'facts/b.json'] }]);
    });

    test('missing master keeps the name', () => {
      const groups = findRecordedClusters([member('pmg2', 3), member('pmg3', 3)]);

      assert.equal(groups[0]!.name, 'pmg1');
      assert.deepEqual(groups[0]!.hosts, ['pmg2', 'pmg3']);
      assert.deepEqual(groups[0]!.missing.map((item) => item.name), ['pmg1']);
    });

    test('member recorded alone stays alone', () => {
      assert.deepEqual(findRecordedClusters([member('pmg1', 3)]), []);
    });

    test('hosts in no cluster stay alone', () => {
      const plain = recorded(pmg7Host(), 'plain.json');
      const renamed = clone(pmg7Host());
      renamed.identity = { ...renamed.identity, hostname: 'gw9' };

      assert.deepEqual(findRecordedClusters([plain, recorded(renamed)]), []);
    });

    test('two clusters side by side', () => {
      const hosts = [member('pmg1', 2), otherClusterMember('mxb', 'mxa', false), member('pmg2', 2), otherClusterMember('mxa', 'mxb', true)];
      const groups = findRecordedClusters(hosts);

      assert.deepEqual(
        groups.map((group) => [group.name, group.hosts]),
        [
          ['pmg1', ['pmg1', 'pmg2']],
          ['mxa', ['mxa', 'mxb']],
        ],
      );
    });

    test('cluster.conf without the own host', () => {
      const stranger = asMember(pmg7Host(), 'pmg2', 2);
      stranger.identity = { ...stranger.identity, hostname: 'pmg7' };

      assert.deepEqual(findRecordedClusters([member('pmg1', 2), recorded(stranger)]), []);
    });

    test('host only its own cluster.conf links', () => {
      // pmg3 lists pmg1 and pmg2, whose cluster.conf has no pmg3; the cluster checks report the difference.
      const extra = asMember(pmg7Host(), 'pmg3', 3);
      const groups = findRecordedClusters([member('pmg1', 2), member('pmg2', 2), recorded(extra)]);

      assert.deepEqual(groups[0]!.hosts, ['pmg1', 'pmg2', 'pmg3']);
      assert.deepEqual(groups[0]!.missing, []);
    });

    test('taken name gets a suffix', () => {
      const takenNames = new Set(['pmg1']);
      const groups = findRecordedClusters([member('pmg1', 2), member('pmg2', 2)], takenNames);

      assert.equal(groups[0]!.name, 'pmg1-2');
      assert.ok(takenNames.has('pmg1-2'));
    });

    test('master name unfit for a group', () => {
      const long = 'a'.repeat(70);
      const conf = clusterConf(2).replace('name pmg1', `name ${long}`);
      const first = asMember(pmg7Host(), 'pmg2', 2);
      first.pmg.clusterConf = fileFact('/etc/pmg/cluster.conf', conf);
      const second = asMember(pmg7Host(), 'pmg3', 3);
      second.identity = { ...second.identity, hostname: long };
      second.pmg.clusterConf = fileFact('/etc/pmg/cluster.conf', conf);

      assert.equal(findRecordedClusters([recorded(first), recorded(second)])[0]!.name, 'cluster');
    });
  });
});

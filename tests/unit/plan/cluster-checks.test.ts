import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkCluster, checkLoneMember } from '../../../lib/plan/cluster-checks.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import { clone, fileFact, pmg7Host, pmg8Host, unit } from '../../support/facts.js';
import { asMember, clusterConf, planCluster, withDaemonsHeld } from './cluster-support.js';
import { desired } from './support.js';

function check(members: HostFacts[], unreachable: { name: string; address: string; error: string }[] = []) {
  return checkCluster({ name: 'mx', members: members.map((facts) => ({ name: facts.identity.hostname, facts })), unreachable }, desired());
}

function codes(diagnostics: { host: string; code: string; severity: string }[]): string[] {
  return diagnostics.map((item) => `${item.host}:${item.severity}:${item.code}`);
}

describe('plan/cluster-checks', () => {
  describe('checkCluster()', () => {
    test('healthy untouched cluster', () => {
      assert.deepEqual(check([asMember(pmg7Host(), 'pmg1', 2), asMember(pmg7Host(), 'pmg2', 2)]), []);
    });

    test('unreachable member blocks the plan', () => {
      const unreachable = [{ name: 'pmg2', address: 'root@192.0.2.12', error: 'Cannot reach root@192.0.2.12:22: Connection refused' }];
      const diagnostics = check([asMember(pmg7Host(), 'pmg1', 2)], unreachable);

      assert.deepEqual(codes(diagnostics), ['pmg1:error:cluster-member-unreachable']);
      assert.match(diagnostics[0]!.message, /^Member pmg2 of cluster mx could not be probed at root@192\.0\.2\.12: Cannot reach .*Connection refused$/);
      assert.match(diagnostics[0]!.fix!, /\[cluster\.nodes\.pmg2\]/);

      const plan = planCluster([asMember(pmg7Host(), 'pmg1', 2)], undefined, unreachable);
      assert.equal(plan.errored, true);
      assert.equal(plan.applyable, false);
    });

    test('differing cluster.conf is an error on that member', () => {
      const other = asMember(pmg7Host(), 'pmg2', 2);
      other.pmg.clusterConf = fileFact('/etc/pmg/cluster.conf', clusterConf(2).replace('192.0.2.12', '192.0.2.99'));
      const diagnostics = check([asMember(pmg7Host(), 'pmg1', 2), other]);

      assert.deepEqual(codes(diagnostics), ['pmg2:error:cluster-config-mismatch']);
      assert.match(diagnostics[0]!.message, /only on pmg1: "node: 2 ip=192\.0\.2\.12 name=pmg2"; only on pmg2: "node: 2 ip=192\.0\.2\.99 name=pmg2"/);
    });

    test('same sections in another layout match', () => {
      const other = asMember(pmg7Host(), 'pmg2', 2);
      const [master, node] = clusterConf(2).split('\n\n');
      other.pmg.clusterConf = fileFact('/etc/pmg/cluster.conf', `${node}\n\n${master}\n`);

      assert.deepEqual(check([asMember(pmg7Host(), 'pmg1', 2), other]), []);
    });

    test('member without cluster.conf is an error', () => {
      const other = asMember(pmg7Host(), 'pmg2', 2);
      other.pmg.clusterConf = null;
      const diagnostics = check([asMember(pmg7Host(), 'pmg1', 2), other]);

      assert.deepEqual(codes(diagnostics), ['pmg2:error:cluster-config-mismatch']);
      assert.match(diagnostics[0]!.message, /pmg2 has no readable \/etc\/pmg\/cluster\.conf, although the one on pmg1 names it/);
    });

    test('different PMG 7 versions before the upgrade', () => {
      const older = asMember(pmg7Host(), 'pmg2', 2);
      older.packages['pmg-api'] = { ...older.packages['pmg-api']!, version: '7.3-10' };
      const diagnostics = check([asMember(pmg7Host(), 'pmg1', 2), older]);

      assert.deepEqual(codes(diagnostics), ['pmg1:warning:cluster-versions']);
      assert.match(diagnostics[0]!.message, /pmg1 7\.3-12, pmg2 7\.3-10/);
    });

    test('half-way cluster gets a notice', () => {
      const diagnostics = check([withDaemonsHeld(asMember(pmg8Host(), 'pmg1', 2)), withDaemonsHeld(asMember(pmg7Host(), 'pmg2', 2))]);

      assert.deepEqual(codes(diagnostics), ['pmg1:notice:cluster-versions']);
      assert.match(diagnostics[0]!.message, /pmg1 8\.1\.2, pmg2 7\.3-2/);
    });

    test('stopped mirror on an untouched member', () => {
      const stopped = asMember(pmg7Host(), 'pmg2', 2);
      stopped.units['pmgmirror.service'] = unit('inactive');
      const diagnostics = check([asMember(pmg7Host(), 'pmg1', 2), stopped]);

      assert.deepEqual(codes(diagnostics), ['pmg2:warning:cluster-sync']);
      assert.match(diagnostics[0]!.message, /^pmgmirror\.service is not running on pmg2/);
    });

    test('daemons stopped by the plan are no sync warning', () => {
      assert.deepEqual(check([withDaemonsHeld(asMember(pmg7Host(), 'pmg1', 2)), withDaemonsHeld(asMember(pmg7Host(), 'pmg2', 2))]), []);
    });
  });

  describe('checkLoneMember()', () => {
    test('member planned alone is warned about', () => {
      const diagnostics = checkLoneMember('gw1', asMember(pmg7Host(), 'pmg1', 3));

      assert.deepEqual(codes(diagnostics), ['gw1:warning:cluster-partial']);
      assert.match(diagnostics[0]!.message, /in a cluster with pmg2 \(192\.0\.2\.12\), pmg3 \(192\.0\.2\.13\)/);
      assert.match(diagnostics[0]!.fix!, /--inventory FILE/);
    });

    test('host outside any cluster', () => {
      assert.deepEqual(checkLoneMember('pmg1', pmg7Host()), []);
    });

    test('cluster of this host alone', () => {
      const single = clone(asMember(pmg7Host(), 'pmg1', 1));

      assert.deepEqual(checkLoneMember('pmg1', single), []);
    });
  });
});

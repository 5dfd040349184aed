import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkCluster, checkLoneMember, type ClusterUnderCheck } from '../../../lib/plan/cluster-checks.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import { clone, fileFact, pmg7Host, pmg8Host, unit } from '../../support/facts.js';
import { asMember, clusterConf, planCluster, withDaemonsHeld } from './cluster-support.js';
import { desired } from './support.js';

type Absent = Pick<ClusterUnderCheck, 'unreachable' | 'missing'>;

function check(members: HostFacts[], absent: Partial<Absent> = {}) {
  const { unreachable = [], missing = [] } = absent;
  const cluster = { name: 'mx', members: members.map((facts) => ({ name: facts.identity.hostname, facts })), unreachable, missing };

  return checkCluster(cluster, desired());
}

/** Returns the results that need attention: neither passed nor skipped. */
function findings(members: HostFacts[], absent: Partial<Absent> = {}) {
  return check(members, absent).filter((item) => item.severity !== 'pass' && item.severity !== 'skip');
}

function codes(diagnostics: { host: string; code: string; severity: string }[]): string[] {
  return diagnostics.map((item) => `${item.host}:${item.severity}:${item.code}`);
}

describe('plan/cluster-checks', () => {
  describe('checkCluster()', () => {
    test('healthy untouched cluster passes', () => {
      const diagnostics = check([asMember(pmg7Host(), 'pmg1', 2), asMember(pmg7Host(), 'pmg2', 2)]);

      assert.deepEqual(codes(diagnostics), [
        'pmg1:pass:cluster-members',
        'pmg1:pass:cluster-config-mismatch',
        'pmg1:pass:cluster-versions',
        'pmg1:pass:cluster-sync',
      ]);
      assert.match(diagnostics[0]!.message, /every member that \/etc\/pmg\/cluster\.conf lists: pmg1, pmg2\.$/);
      assert.match(diagnostics[1]!.message, /^The copies on pmg1, pmg2 list the same members with the same properties\.$/);
      assert.match(diagnostics[2]!.message, /proxmox-mailgateway: pmg1 7\.3-2, pmg2 7\.3-2; pmg-api: pmg1 7\.3-12, pmg2 7\.3-12\.$/);
      assert.match(diagnostics[3]!.message, /^pmgmirror\.service and pmgtunnel\.service run on every member/);
    });

    test('missing recorded member blocks the plan', () => {
      const missing = [{ name: 'pmg3', ip: '192.0.2.13', listedIn: ['pmg1.json', 'pmg2.json'] }];
      const diagnostics = findings([asMember(pmg7Host(), 'pmg1', 3), asMember(pmg7Host(), 'pmg2', 3)], { missing });

      assert.deepEqual(codes(diagnostics), ['pmg1:error:cluster-member-missing']);
      assert.equal(diagnostics[0]!.subject, 'cluster mx: pmg3');
      assert.match(diagnostics[0]!.message, /^No facts file given is of pmg3, although the \/etc\/pmg\/cluster\.conf recorded in pmg1\.json and pmg2\.json lists it as a member of cluster mx,/);
      assert.match(diagnostics[0]!.fix!, /`pmgup probe --host root@192\.0\.2\.13 --out pmg3\.facts\.json` and add `--facts pmg3\.facts\.json`/);
      assert.ok(!check([asMember(pmg7Host(), 'pmg1', 3)], { missing }).some((item) => item.code === 'cluster-members'), 'no pass beside the error');

      const plan = planCluster([asMember(pmg7Host(), 'pmg1', 3), asMember(pmg7Host(), 'pmg2', 3)], undefined, [], missing);
      assert.equal(plan.errored, true);
      assert.equal(plan.applyable, false);
    });

    test('missing member without ip', () => {
      const missing = [{ name: 'pmg3', ip: null, listedIn: ['pmg1.json'] }];
      const [diagnostic] = findings([asMember(pmg7Host(), 'pmg1', 3)], { missing });

      assert.match(diagnostic!.fix!, /--host ADDRESS-OF-pmg3 /);
    });

    test('unreachable member blocks the plan', () => {
      const unreachable = [{ name: 'pmg2', address: 'root@192.0.2.12', error: 'Cannot reach root@192.0.2.12:22: Connection refused' }];
      const diagnostics = findings([asMember(pmg7Host(), 'pmg1', 2)], { unreachable });

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
      const diagnostics = findings([asMember(pmg7Host(), 'pmg1', 2), other]);

      assert.deepEqual(codes(diagnostics), ['pmg2:error:cluster-config-mismatch']);
      assert.match(diagnostics[0]!.message, /only on pmg1: "node: 2 ip=192\.0\.2\.12 name=pmg2"; only on pmg2: "node: 2 ip=192\.0\.2\.99 name=pmg2"/);
    });

    test('same sections in another layout match', () => {
      const other = asMember(pmg7Host(), 'pmg2', 2);
      const [master, node] = clusterConf(2).split('\n\n');
      other.pmg.clusterConf = fileFact('/etc/pmg/cluster.conf', `${node}\n\n${master}\n`);

      assert.deepEqual(findings([asMember(pmg7Host(), 'pmg1', 2), other]), []);
    });

    test('member without cluster.conf is an error', () => {
      const other = asMember(pmg7Host(), 'pmg2', 2);
      other.pmg.clusterConf = null;
      const diagnostics = findings([asMember(pmg7Host(), 'pmg1', 2), other]);

      assert.deepEqual(codes(diagnostics), ['pmg2:error:cluster-config-mismatch']);
      assert.match(diagnostics[0]!.message, /pmg2 has no readable \/etc\/pmg\/cluster\.conf, although the one on pmg1 names it/);
    });

    test('different PMG 7 versions before the upgrade', () => {
      const older = asMember(pmg7Host(), 'pmg2', 2);
      older.packages['pmg-api'] = { ...older.packages['pmg-api']!, version: '7.3-10' };
      const diagnostics = findings([asMember(pmg7Host(), 'pmg1', 2), older]);

      assert.deepEqual(codes(diagnostics), ['pmg1:warning:cluster-versions']);
      assert.match(diagnostics[0]!.message, /pmg1 7\.3-12, pmg2 7\.3-10/);
    });

    test('half-way cluster gets a notice', () => {
      const diagnostics = findings([withDaemonsHeld(asMember(pmg8Host(), 'pmg1', 2)), withDaemonsHeld(asMember(pmg7Host(), 'pmg2', 2))]);

      assert.deepEqual(codes(diagnostics), ['pmg1:notice:cluster-versions']);
      assert.match(diagnostics[0]!.message, /pmg1 8\.1\.2, pmg2 7\.3-2/);
    });

    test('stopped mirror on an untouched member', () => {
      const stopped = asMember(pmg7Host(), 'pmg2', 2);
      stopped.units['pmgmirror.service'] = unit('inactive');
      const diagnostics = findings([asMember(pmg7Host(), 'pmg1', 2), stopped]);

      assert.deepEqual(codes(diagnostics), ['pmg2:warning:cluster-sync']);
      assert.match(diagnostics[0]!.message, /^pmgmirror\.service is not running on pmg2/);
    });

    test('daemons stopped by the plan are no sync warning', () => {
      const diagnostics = check([withDaemonsHeld(asMember(pmg7Host(), 'pmg1', 2)), withDaemonsHeld(asMember(pmg7Host(), 'pmg2', 2))]);

      assert.deepEqual(codes(diagnostics.filter((item) => item.code === 'cluster-sync')), ['pmg1:skip:cluster-sync']);
      assert.deepEqual(findings([withDaemonsHeld(asMember(pmg7Host(), 'pmg1', 2)), withDaemonsHeld(asMember(pmg7Host(), 'pmg2', 2))]), []);
    });
  });

  describe('checkLoneMember()', () => {
    test('member planned alone is warned about', () => {
      const diagnostics = checkLoneMember('gw1', asMember(pmg7Host(), 'pmg1', 3));

      assert.deepEqual(codes(diagnostics), ['gw1:warning:cluster-partial']);
      assert.match(diagnostics[0]!.message, /in a cluster with pmg2 \(192\.0\.2\.12\), pmg3 \(192\.0\.2\.13\)/);
      assert.match(diagnostics[0]!.fix!, /--inventory FILE/);
      assert.match(diagnostics[0]!.fix!, /one --facts file per member/);
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

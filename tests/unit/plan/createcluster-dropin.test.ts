import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { SKIP_MAIN_CLUSTER_DROP_IN } from '../../../lib/plan/createcluster-dropin.js';
import type { HostPlanResult } from '../../../lib/plan/model.js';
import { stepOf } from '../../../lib/plan/model.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import { clone, fileFact, pkg, pmg7Host, pmg8Host, withDistUpgraded, withServicesStopped } from '../../support/facts.js';
import { CREATECLUSTER_WITH_INCLUDE_DIR, FULL_PLAN, PLAN_WITHOUT_DROP, withCreateclusterConf } from './scenarios.js';
import { actionOf, codes, plan, slugs } from './support.js';

function distUpgrade(result: HostPlanResult) {
  return stepOf(actionOf(result, 'dist-upgrade'), 'dist-upgrade')!;
}

function withDropIns(facts: HostFacts, files: Record<string, string>): HostFacts {
  const next = clone(facts);
  next.postgres.createclusterDropIns = Object.entries(files).map(([name, content]) =>
    fileFact(`/etc/postgresql-common/createcluster.d/${name}`, content),
  );

  return next;
}

describe('planHost() and createcluster.d', () => {
  describe('include_dir naming createcluster.d', () => {
    const result = plan(withCreateclusterConf(pmg7Host()));

    test('plans no drop of 15/main', () => {
      assert.deepEqual(slugs(result), PLAN_WITHOUT_DROP);
    });

    test('sets skipMainCluster on the dist-upgrade', () => {
      assert.equal(distUpgrade(result).skipMainCluster, true);
    });

    test('upgrades the cluster after the dist-upgrade', () => {
      assert.deepEqual(actionOf(result, 'upgrade-pg-cluster:13/main').dependsOn, ['pmg1/dist-upgrade']);
    });

    test('fingerprints createcluster.conf and the drop-ins', () => {
      const keys = actionOf(result, 'dist-upgrade').fingerprintKeys;

      assert.ok(keys.includes('postgres.createclusterConf'));
      assert.ok(keys.includes('postgres.createclusterDropIns'));
      assert.ok(keys.includes('packages[postgresql-15]'));
    });
  });

  describe('no include_dir', () => {
    const cases: [string, HostFacts][] = [
      ['createcluster.conf missing', pmg7Host()],
      ['include_dir commented out', withCreateclusterConf(pmg7Host(), CREATECLUSTER_WITH_INCLUDE_DIR.replace("include_dir '", "#include_dir '"))],
      ['include_dir naming another folder', withCreateclusterConf(pmg7Host(), "include_dir '/etc/postgresql-common/other.d'\n")],
      ['include_dir path unquoted', withCreateclusterConf(pmg7Host(), 'include_dir = /etc/postgresql-common/createcluster.d\n')],
    ];

    for (const [name, facts] of cases) {
      test(`${name} keeps the drop`, () => {
        const result = plan(facts);

        assert.deepEqual(slugs(result), FULL_PLAN);
        assert.equal(distUpgrade(result).skipMainCluster, false);
      });
    }
  });

  test('relative include_dir skips the drop', () => {
    const result = plan(withCreateclusterConf(pmg7Host(), "include_dir = 'createcluster.d/'\n"));

    assert.equal(distUpgrade(result).skipMainCluster, true);
    assert.ok(!slugs(result).includes('drop-pg-cluster:15/main'));
  });

  test('create_main_cluster after include_dir keeps the drop', () => {
    const result = plan(withCreateclusterConf(pmg7Host(), `${CREATECLUSTER_WITH_INCLUDE_DIR}create_main_cluster = true\n`));

    assert.equal(distUpgrade(result).skipMainCluster, false);
    assert.deepEqual(slugs(result), FULL_PLAN);
  });

  test('create_main_cluster before include_dir skips the drop', () => {
    const result = plan(withCreateclusterConf(pmg7Host(), `create_main_cluster = true\n${CREATECLUSTER_WITH_INCLUDE_DIR}`));

    assert.equal(distUpgrade(result).skipMainCluster, true);
  });

  test('later drop-in setting create_main_cluster keeps the drop', () => {
    const facts = withDropIns(withCreateclusterConf(pmg7Host()), { 'zzz-local.conf': 'create_main_cluster = on\n' });
    const result = plan(facts);

    assert.equal(distUpgrade(result).skipMainCluster, false);
    assert.deepEqual(slugs(result), FULL_PLAN);
  });

  test('earlier drop-in setting create_main_cluster skips the drop', () => {
    const facts = withDropIns(withCreateclusterConf(pmg7Host()), { 'local.conf': 'create_main_cluster = on\n' });

    assert.equal(distUpgrade(plan(facts)).skipMainCluster, true);
  });

  test('installed postgresql-15 plans neither', () => {
    const facts = withCreateclusterConf(pmg7Host());
    facts.packages['postgresql-15'] = pkg('15.10-0+deb12u1');
    const result = plan(facts);

    assert.equal(distUpgrade(result).skipMainCluster, false);
    assert.ok(!slugs(result).includes('drop-pg-cluster:15/main'));
  });

  test('cluster other than main keeps the drop', () => {
    const facts = withCreateclusterConf(pmg7Host());
    facts.postgres.clusters = facts.postgres.clusters.map((item) => ({ ...item, name: 'pmg' }));
    const result = plan(facts, { postgresql: { cluster: 'pmg' } });

    assert.equal(distUpgrade(result).skipMainCluster, false);
    assert.ok(slugs(result).includes('drop-pg-cluster:15/pmg'));
  });

  test('15/main present after the dist-upgrade is dropped', () => {
    // The drop-in did not take effect: the host is planned as before.
    const result = plan(withDistUpgraded(withServicesStopped(withCreateclusterConf(pmg7Host()))));

    assert.ok(slugs(result).includes('drop-pg-cluster:15/main'));
    assert.equal(stepOf(actionOf(result, 'drop-pg-cluster:15/main'), 'drop-pg-cluster')!.ifExists, false);
  });

  describe('leftover drop-in', () => {
    const leftover = { 'zz-pmgup-skip-main-cluster.conf': 'create_main_cluster = false\n' };

    test('is noted when a dist-upgrade is planned', () => {
      const result = plan(withDropIns(withCreateclusterConf(pmg7Host()), leftover));

      assert.ok(codes(result).includes('notice:createcluster-drop-in-left'));
      assert.equal(distUpgrade(result).skipMainCluster, true);
    });

    test('is a warning on a finished host', () => {
      const result = plan(withDropIns(pmg8Host(), leftover));
      const finding = result.diagnostics.find((item) => item.code === 'createcluster-drop-in-left');

      assert.equal(finding?.severity, 'warning');
      assert.equal(finding?.subject, SKIP_MAIN_CLUSTER_DROP_IN);
      assert.match(finding?.fix ?? '', /^Remove it: rm \/etc\/postgresql-common\/createcluster\.d\/zz-pmgup-skip-main-cluster\.conf$/);
      assert.deepEqual(slugs(result), []);
    });

    test('is not reported for other drop-ins', () => {
      const result = plan(withDropIns(pmg8Host(), { 'local.conf': 'create_main_cluster = false\n' }));

      assert.ok(!codes(result).some((code) => code.endsWith(':createcluster-drop-in-left')));
    });
  });
});

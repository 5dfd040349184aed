/**
 * Clusters from recorded facts. Members given with --facts are planned as
 * their cluster, in the order that an inventory `[[cluster]]` of the same
 * facts gets. A member no file gives fails the plan. check reports the
 * cluster-wide checks in a section of their own and fails exactly when the
 * plan is errored.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { buildPlan } from '../../../lib/cli/build-plan.js';
import { DEFAULT_DESIRED_STATE, loadDesiredState } from '../../../lib/config/load.js';
import type { Plan } from '../../../lib/plan/model.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import { fileFact } from '../../support/facts.js';
import { MEMBERS, clusterConf } from '../plan/cluster-support.js';
import { clusterOf, inventoryHosts } from './cluster-fakes.js';
import { run, tempDir, writeFacts, type AfterHook } from './support.js';

/** Writes each member's facts to its own file, in the order given, and returns the --facts options. */
async function factsOptions(t: AfterHook, members: HostFacts[]): Promise<string[]> {
  const dir = await tempDir(t);
  const files = await Promise.all(members.map((facts) => writeFacts(dir, `${facts.identity.hostname}.json`, facts)));

  return files.flatMap((file) => ['--facts', file]);
}

/** Returns each action's id and dependencies, in plan order. */
function edges(plan: Plan): [string, string[]][] {
  return plan.actions.map((action) => [action.id, action.dependsOn]);
}

describe('cli recorded clusters', () => {
  describe('plan --facts', () => {
    for (const size of [2, 3]) {
      test(`${size} members order like the inventory`, async (t) => {
        const members = clusterOf(size);
        const outcome = await run(['plan', ...(await factsOptions(t, [...members].reverse())), '--json']);
        const fromFacts = JSON.parse(outcome.stdout) as Plan;
        const fromInventory = buildPlan(await loadDesiredState(DEFAULT_DESIRED_STATE), await inventoryHosts(members), new Date());

        assert.equal(outcome.status, 0, outcome.stderr);
        assert.deepEqual(edges(fromFacts), edges(fromInventory));
        assert.deepEqual(fromFacts.groups, [{ kind: 'cluster', name: 'pmg1', hosts: MEMBERS.slice(0, size) }]);
        assert.deepEqual(fromInventory.groups![0]!.hosts, MEMBERS.slice(0, size));
        assert.ok(fromFacts.actions.some((action) => action.id === `pmg${size}/stop-units:cluster`));
        assert.ok(!fromFacts.diagnostics.some((item) => item.code === 'cluster-partial'));
      });
    }

    test('missing member is an error naming it', async (t) => {
      const [pmg1, pmg2] = clusterOf(3);
      const options = await factsOptions(t, [pmg1!, pmg2!]);
      const outcome = await run(['plan', ...options, '--no-color']);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stdout, /^ +error +cluster-member-missing: cluster pmg1: pmg3$/m);
      assert.ok(outcome.stdout.includes(`No facts file given is of pmg3, although the /etc/pmg/cluster.conf recorded in ${options[1]} and ${options[3]} lists it`), outcome.stdout);
      assert.match(outcome.stdout, /fix: Record its facts with `pmgup probe --host root@192\.0\.2\.13 --out pmg3\.facts\.json` and add `--facts pmg3\.facts\.json`/);
      assert.match(outcome.stdout, /this plan cannot be applied/);
    });

    test('one member alone is warned about', async (t) => {
      const outcome = await run(['plan', ...(await factsOptions(t, clusterOf(2).slice(0, 1))), '--json']);
      const plan = JSON.parse(outcome.stdout) as Plan;

      assert.equal(outcome.status, 0, outcome.stderr);
      assert.equal(plan.groups, undefined);
      assert.deepEqual(plan.diagnostics.filter((item) => item.code === 'cluster-partial').map((item) => item.host), ['pmg1']);
    });
  });

  describe('check --facts', () => {
    test('cluster section comes first', async (t) => {
      const outcome = await run(['check', ...(await factsOptions(t, clusterOf(2)))]);
      const headers = outcome.stdout.split('\n').filter((line) => line.startsWith('= ') && line !== '= SUMMARY =');

      assert.equal(outcome.status, 0, outcome.stdout);
      assert.deepEqual(headers, ['= cluster pmg1: pmg1, pmg2 =', '= pmg1 (pre-upgrade, cluster pmg1) =', '= pmg2 (pre-upgrade, cluster pmg1) =']);
      const cluster = outcome.stdout.slice(0, outcome.stdout.indexOf('= pmg1 ('));
      assert.match(cluster, /^PASS: cluster pmg1: members: .* \[cluster-members\]$/m);
      assert.match(cluster, /^PASS: \/etc\/pmg\/cluster\.conf: .* \[cluster-config-mismatch\]$/m);
      assert.match(cluster, /^PASS: cluster pmg1: proxmox-mailgateway: .* \[cluster-versions\]$/m);
      assert.match(cluster, /^PASS: cluster pmg1: cluster daemons: .* \[cluster-sync\]$/m);
      assert.match(cluster, /^TOTAL: +4$/m);
    });

    test('--json adds a cluster document', async (t) => {
      const outcome = await run(['check', ...(await factsOptions(t, clusterOf(3))), '--json']);
      const [cluster, ...hosts] = JSON.parse(outcome.stdout);

      assert.equal(outcome.status, 0);
      assert.deepEqual(Object.keys(cluster).sort(), ['cluster', 'counts', 'formatVersion', 'members', 'results', 'withoutFacts']);
      assert.deepEqual(cluster.withoutFacts, []);
      assert.equal(cluster.cluster, 'pmg1');
      assert.deepEqual(cluster.members, ['pmg1', 'pmg2', 'pmg3']);
      assert.equal(cluster.counts.pass, 4);
      assert.deepEqual(hosts.map((host: { host: string; cluster: string }) => [host.host, host.cluster]), [
        ['pmg1', 'pmg1'],
        ['pmg2', 'pmg1'],
        ['pmg3', 'pmg1'],
      ]);
    });

    test('cluster-wide failure exits 1 like plan', async (t) => {
      const [pmg1, pmg2] = clusterOf(2);
      pmg2!.pmg.clusterConf = fileFact('/etc/pmg/cluster.conf', clusterConf(2).replace('192.0.2.12', '192.0.2.99'));
      const options = await factsOptions(t, [pmg1!, pmg2!]);
      const checked = await run(['check', ...options]);
      const planned = await run(['plan', ...options]);

      assert.equal(checked.status, 1);
      assert.equal(planned.status, 1);
      const cluster = checked.stdout.slice(0, checked.stdout.indexOf('= pmg1 ('));
      assert.match(cluster, /^FAIL: \/etc\/pmg\/cluster\.conf: .* \[cluster-config-mismatch\]$/m);
      assert.match(cluster, /^FAILURES: +1$/m);
    });

    test('missing member fails the check', async (t) => {
      const [pmg1, pmg2] = clusterOf(3);
      const outcome = await run(['check', ...(await factsOptions(t, [pmg1!, pmg2!]))]);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stdout, /^= cluster pmg1: pmg1, pmg2; without facts: pmg3 =$/m);
      assert.match(outcome.stdout, /^FAIL: cluster pmg1: pmg3: No facts file given is of pmg3, .* \[cluster-member-missing\]$/m);
    });
  });
});

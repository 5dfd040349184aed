/**
 * The cross-host ordering of a cluster plan. The cluster daemons stop on
 * every member before any change, the members follow one at a time in the
 * chosen order, and the daemons come back only after the last member is
 * verified. Every intermediate state of a 2- and a 3-member cluster plans
 * exactly the remaining steps.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { validateGraph } from '../../../lib/plan/graph.js';
import { stepOf, type Plan } from '../../../lib/plan/model.js';
import { pmg7Host } from '../../support/facts.js';
import { ancestorsOf, asMember, dependenciesOf, idsOf, planCluster, withDaemonsHeld } from './cluster-support.js';
import { FULL_PLAN, procedureStates } from './scenarios.js';

const CLUSTER_STOP = 'stop-units:cluster';
const TAILS = new Set(['unmask-units:cluster', 'start-units:cluster']);

function slugsOf(plan: Plan, host: string): string[] {
  return idsOf(plan, host).map((id) => id.slice(host.length + 1));
}

function untouched(name: string, size: number) {
  return asMember(pmg7Host(), name, size);
}

function held(name: string, size: number) {
  return withDaemonsHeld(untouched(name, size));
}

/** Returns a member at the end of the procedure whose cluster daemons are still stopped and masked. */
function finishedHeld(name: string, size: number) {
  return withDaemonsHeld(asMember(procedureStates().at(-1)!.facts, name, size));
}

/** Checks the ordering rules that hold in every cluster plan, for members in `order`. */
function assertClusterOrder(plan: Plan, order: string[]): void {
  assert.deepEqual(validateGraph(plan.actions), []);
  const clusterStops = plan.actions.filter((action) => action.id.endsWith(`/${CLUSTER_STOP}`)).map((action) => action.id);
  const verifies = order.map((host) => plan.actions.find((action) => action.id === `${host}/verify`)?.id ?? null);
  const lastVerify = verifies.filter((id) => id !== null).at(-1);

  for (const action of plan.actions) {
    const slug = action.id.slice(action.host.length + 1);
    const ancestors = ancestorsOf(plan, action.id);
    if (slug === CLUSTER_STOP) {
      continue;
    }
    if (TAILS.has(slug)) {
      assert.ok(lastVerify !== undefined && (ancestors.has(lastVerify) || action.id === lastVerify), `${action.id} waits for ${lastVerify}`);
      continue;
    }
    for (const stop of clusterStops) {
      assert.ok(ancestors.has(stop), `${action.id} waits for ${stop}`);
    }
    const index = order.indexOf(action.host);
    const previous = verifies.slice(0, index).filter((id) => id !== null);
    for (const verify of previous) {
      assert.ok(ancestors.has(verify!), `${action.id} waits for ${verify}`);
    }
  }
}

describe('planFleet() cluster ordering', () => {
  test('two untouched members in order', () => {
    const plan = planCluster([untouched('pmg1', 2), untouched('pmg2', 2)]);

    assert.deepEqual(slugsOf(plan, 'pmg1'), [CLUSTER_STOP, ...FULL_PLAN]);
    assert.deepEqual(slugsOf(plan, 'pmg2'), [CLUSTER_STOP, ...FULL_PLAN]);
    assert.deepEqual(dependenciesOf(plan, 'pmg1/backup'), ['pmg1/stop-units:cluster', 'pmg2/stop-units:cluster']);
    assert.deepEqual(dependenciesOf(plan, 'pmg2/backup'), ['pmg1/verify', 'pmg2/stop-units:cluster']);
    assert.deepEqual(dependenciesOf(plan, 'pmg1/unmask-units:cluster'), ['pmg1/purge-packages', 'pmg2/verify']);
    assertClusterOrder(plan, ['pmg1', 'pmg2']);
  });

  test('cluster stop leaves mail running', () => {
    const plan = planCluster([untouched('pmg1', 2), untouched('pmg2', 2)]);
    const clusterStop = stepOf(plan.actions.find((action) => action.id === 'pmg2/stop-units:cluster')!, 'stop-units')!;
    const mail = stepOf(plan.actions.find((action) => action.id === 'pmg2/stop-units')!, 'stop-units')!;

    assert.deepEqual(clusterStop.units, ['pmgmirror.service', 'pmgtunnel.service']);
    assert.equal(clusterStop.mask, true);
    assert.ok(!mail.units.includes('pmgmirror.service'), mail.units.join(', '));
    assert.ok(mail.units.includes('postfix.service'));
  });

  test('cluster stop adds no downtime', () => {
    const plan = planCluster([untouched('pmg1', 2), untouched('pmg2', 2)]);

    assert.equal(plan.actions.find((action) => action.id === 'pmg1/stop-units:cluster')!.downtime, false);
    assert.equal(plan.actions.find((action) => action.id === 'pmg1/backup')!.downtime, false);
  });

  test('mail is down on one member at a time', () => {
    const plan = planCluster([untouched('pmg1', 3), untouched('pmg2', 3), untouched('pmg3', 3)]);
    const downHosts = plan.actions.filter((action) => action.downtime).map((action) => action.host);

    // Plan order is a topological order, so the down stretches never interleave.
    assert.deepEqual([...new Set(downHosts)], ['pmg1', 'pmg2', 'pmg3']);
    const firstDownOf2 = plan.actions.find((action) => action.host === 'pmg2' && action.downtime)!;
    assert.ok(ancestorsOf(plan, firstDownOf2.id).has('pmg1/reboot'), 'pmg2 stops mail only after pmg1 rebooted with mail back');
  });

  test('three untouched members chain in cid order', () => {
    const plan = planCluster([untouched('pmg1', 3), untouched('pmg2', 3), untouched('pmg3', 3)]);

    assert.deepEqual(dependenciesOf(plan, 'pmg3/backup'), ['pmg2/verify', 'pmg3/stop-units:cluster']);
    assert.deepEqual(dependenciesOf(plan, 'pmg1/unmask-units:cluster'), ['pmg1/purge-packages', 'pmg3/verify']);
    assert.deepEqual(dependenciesOf(plan, 'pmg2/unmask-units:cluster'), ['pmg2/purge-packages', 'pmg3/verify']);
    assertClusterOrder(plan, ['pmg1', 'pmg2', 'pmg3']);
  });

  test('inventory order puts a node before the master', () => {
    const plan = planCluster([untouched('pmg1', 3), untouched('pmg2', 3), untouched('pmg3', 3)], ['pmg3', 'pmg1', 'pmg2']);

    assert.deepEqual(dependenciesOf(plan, 'pmg3/backup'), ['pmg1/stop-units:cluster', 'pmg2/stop-units:cluster', 'pmg3/stop-units:cluster']);
    assert.deepEqual(dependenciesOf(plan, 'pmg1/backup'), ['pmg1/stop-units:cluster', 'pmg3/verify']);
    assert.deepEqual(dependenciesOf(plan, 'pmg2/backup'), ['pmg1/verify', 'pmg2/stop-units:cluster']);
    assertClusterOrder(plan, ['pmg3', 'pmg1', 'pmg2']);
  });

  test('plan order stops daemons first', () => {
    const plan = planCluster([untouched('pmg1', 3), untouched('pmg2', 3), untouched('pmg3', 3)]);

    assert.deepEqual(
      plan.actions.slice(0, 3).map((action) => action.id),
      ['pmg1/stop-units:cluster', 'pmg2/stop-units:cluster', 'pmg3/stop-units:cluster'],
    );
  });

  test('records the cluster group in upgrade order', () => {
    const plan = planCluster([untouched('pmg1', 2), untouched('pmg2', 2)], ['pmg2', 'pmg1']);

    assert.deepEqual(plan.groups, [{ kind: 'cluster', name: 'mx', hosts: ['pmg2', 'pmg1'] }]);
  });
});

describe('planFleet() cluster convergence, two members', () => {
  const states = procedureStates().slice(0, -1);

  for (const state of states) {
    test(`first member ${state.name}, second untouched`, () => {
      const plan = planCluster([withDaemonsHeld(asMember(state.facts, 'pmg1', 2)), held('pmg2', 2)]);

      assert.deepEqual(slugsOf(plan, 'pmg1'), state.remaining);
      assert.deepEqual(slugsOf(plan, 'pmg2'), FULL_PLAN);
      assertClusterOrder(plan, ['pmg1', 'pmg2']);
      assert.deepEqual(plan.diagnostics.filter((item) => item.severity === 'error').map((item) => `${item.host}:${item.code}`), []);
    });

    test(`first member done, second ${state.name}`, () => {
      const plan = planCluster([finishedHeld('pmg1', 2), withDaemonsHeld(asMember(state.facts, 'pmg2', 2))]);

      assert.deepEqual(slugsOf(plan, 'pmg1'), ['verify', 'unmask-units:cluster']);
      assert.deepEqual(slugsOf(plan, 'pmg2'), state.remaining);
      assertClusterOrder(plan, ['pmg1', 'pmg2']);
    });
  }

  test('both done, daemons still masked', () => {
    const plan = planCluster([finishedHeld('pmg1', 2), finishedHeld('pmg2', 2)]);

    assert.deepEqual(slugsOf(plan, 'pmg1'), ['verify', 'unmask-units:cluster']);
    assert.deepEqual(slugsOf(plan, 'pmg2'), ['verify', 'unmask-units:cluster']);
    for (const host of ['pmg1', 'pmg2']) {
      const step = stepOf(plan.actions.find((action) => action.id === `${host}/unmask-units:cluster`)!, 'unmask-units')!;
      assert.equal(step.start, true);
    }
    assertClusterOrder(plan, ['pmg1', 'pmg2']);
  });

  test('both done, daemons running', () => {
    const done = procedureStates().at(-1)!.facts;
    const plan = planCluster([asMember(done, 'pmg1', 2), asMember(done, 'pmg2', 2)]);

    assert.deepEqual(plan.actions, []);
    assert.equal(plan.applyable, false);
    assert.deepEqual(plan.hosts.map((host) => host.phase), ['done', 'done']);
  });

  test('done member stops daemons for peer', () => {
    const done = procedureStates().at(-1)!.facts;
    const plan = planCluster([asMember(done, 'pmg1', 2), untouched('pmg2', 2)]);

    assert.deepEqual(slugsOf(plan, 'pmg1'), [CLUSTER_STOP, 'verify', 'unmask-units:cluster']);
    assert.deepEqual(slugsOf(plan, 'pmg2'), [CLUSTER_STOP, ...FULL_PLAN]);
    assertClusterOrder(plan, ['pmg1', 'pmg2']);
  });

  test('done members hold daemons for missing one', () => {
    const done = procedureStates().at(-1)!.facts;
    const missing = [{ name: 'pmg3', ip: '192.0.2.13', listedIn: ['pmg1.json'] }];
    const plan = planCluster([asMember(done, 'pmg1', 3), asMember(done, 'pmg2', 3)], undefined, [], missing);

    assert.deepEqual(slugsOf(plan, 'pmg1'), [CLUSTER_STOP, 'verify', 'unmask-units:cluster']);
    assert.deepEqual(slugsOf(plan, 'pmg2'), [CLUSTER_STOP, 'verify', 'unmask-units:cluster']);
    assert.equal(plan.errored, true);
  });
});

describe('planFleet() cluster convergence, three members', () => {
  const states = procedureStates().slice(0, -1);

  for (const state of states) {
    test(`first done, second ${state.name}, third untouched`, () => {
      const plan = planCluster([finishedHeld('pmg1', 3), withDaemonsHeld(asMember(state.facts, 'pmg2', 3)), held('pmg3', 3)]);

      assert.deepEqual(slugsOf(plan, 'pmg1'), ['verify', 'unmask-units:cluster']);
      assert.deepEqual(slugsOf(plan, 'pmg2'), state.remaining);
      assert.deepEqual(slugsOf(plan, 'pmg3'), FULL_PLAN);
      assertClusterOrder(plan, ['pmg1', 'pmg2', 'pmg3']);
    });
  }

  test('third member still needs stop', () => {
    const plan = planCluster([held('pmg1', 3), held('pmg2', 3), untouched('pmg3', 3)]);

    assert.deepEqual(slugsOf(plan, 'pmg1'), FULL_PLAN);
    assert.deepEqual(slugsOf(plan, 'pmg3'), [CLUSTER_STOP, ...FULL_PLAN]);
    assert.deepEqual(dependenciesOf(plan, 'pmg1/backup'), ['pmg3/stop-units:cluster']);
    assertClusterOrder(plan, ['pmg1', 'pmg2', 'pmg3']);
  });

  test('last member done first', () => {
    const plan = planCluster([held('pmg1', 3), held('pmg2', 3), finishedHeld('pmg3', 3)]);

    assert.deepEqual(slugsOf(plan, 'pmg3'), ['verify', 'unmask-units:cluster']);
    assert.deepEqual(dependenciesOf(plan, 'pmg2/backup'), ['pmg1/verify']);
    assert.deepEqual(dependenciesOf(plan, 'pmg3/verify'), ['pmg2/verify']);
    assertClusterOrder(plan, ['pmg1', 'pmg2', 'pmg3']);
  });
});

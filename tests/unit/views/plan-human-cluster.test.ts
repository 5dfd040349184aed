/**
 * The plan view and the plan file of a cluster plan: the cluster line
 * before its members, one section and summary per member, a total over
 * all hosts, and a saved plan that loads back with its cross-host edges.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parsePlan, serializePlan } from '../../../lib/planfile/index.js';
import { palette } from '../../../lib/views/color.js';
import { renderPlan } from '../../../lib/views/plan-human.js';
import { pmg7Host } from '../../support/facts.js';
import { asMember, planCluster } from '../plan/cluster-support.js';

const PLAIN = palette(false);

function clusterPlan() {
  return planCluster([asMember(pmg7Host(), 'pmg1', 2), asMember(pmg7Host(), 'pmg2', 2)]);
}

describe('views/plan-human of a cluster', () => {
  test('names the cluster before its members', () => {
    const plan = clusterPlan();
    const text = renderPlan(plan, { palette: PLAIN });
    const header = text.indexOf(`Cluster mx: pmg1, pmg2, upgraded one at a time in this order; ${plan.actions.length} actions.`);

    assert.ok(header >= 0, text.slice(0, 400));
    assert.ok(header < text.indexOf('pmg1 (ssh:root@192.0.2.11:22, pmg1): pre-upgrade'));
    assert.ok(text.indexOf('pmg1 (ssh:root@192.0.2.11:22') < text.indexOf('pmg2 (ssh:root@192.0.2.12:22'));
    assert.match(text, /pmgmirror and pmgtunnel stop on every member before the first change/);
  });

  test('shows waits on other hosts', () => {
    const text = renderPlan(clusterPlan(), { palette: PLAIN });
    const block = (id: string) => text.split('\n\n').find((part) => part.trimStart().split('\n')[0]!.split(/\s+/)[1] === id) ?? '';

    assert.match(block('pmg2/backup'), /\n      waits for: pmg1\/verify\n/);
    assert.match(block('pmg1/backup'), /\n      waits for: pmg2\/stop-units:cluster\n/);
    assert.match(block('pmg1/unmask-units:cluster'), /\n      waits for: pmg2\/verify/);
    assert.doesNotMatch(block('pmg2/apt-update'), /waits for/);
    assert.notEqual(block('pmg2/apt-update'), '');
  });

  test('one summary per member and a total', () => {
    const plan = clusterPlan();
    const text = renderPlan(plan, { palette: PLAIN });
    const perHost = plan.actions.filter((action) => action.host === 'pmg1').length;

    assert.equal([...text.matchAll(new RegExp(`^  ${perHost} actions \\(`, 'gm'))].length, 2);
    assert.match(text, new RegExp(`^Plan: ${plan.actions.length} actions on 2 hosts: `, 'm'));
  });

  test('group of independent hosts', () => {
    const plan = { ...clusterPlan(), groups: [{ kind: 'hosts' as const, name: 'branches', hosts: ['pmg1', 'pmg2'] }] };
    const text = renderPlan(plan, { palette: PLAIN });

    assert.match(text, /^Group branches: pmg1, pmg2; \d+ actions, the hosts applied in parallel\.$/m);
    assert.doesNotMatch(text, /^Cluster /m);
  });
});

describe('planfile of a cluster plan', () => {
  test('round trip keeps groups and cross-host edges', () => {
    const plan = clusterPlan();
    const loaded = parsePlan(serializePlan(plan), 'cluster-plan.json');

    assert.deepEqual(loaded.groups, [{ kind: 'cluster', name: 'mx', hosts: ['pmg1', 'pmg2'] }]);
    assert.deepEqual(loaded.actions.find((action) => action.id === 'pmg2/backup')!.dependsOn, ['pmg1/verify', 'pmg2/stop-units:cluster']);
    assert.ok(loaded.actions.every((action) => action.id.startsWith(`${action.host}/`)));
  });
});

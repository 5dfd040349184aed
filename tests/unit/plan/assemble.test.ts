import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assemblePlan } from '../../../lib/plan/assemble.js';
import { validateGraph } from '../../../lib/plan/graph.js';
import type { HostPlanResult } from '../../../lib/plan/model.js';
import { pmg7Host, pmg8Host, sha256 } from '../../support/facts.js';
import { scenarios } from './scenarios.js';
import { NOW, plan } from './support.js';

function assemble(results: HostPlanResult[]) {
  return assemblePlan({
    hosts: results,
    desiredState: { relativeTo: 'pmgup', path: 'plans/pmg-8.toml', sha256: sha256('') },
    toolVersion: '0.1.0',
    createdAt: NOW,
  });
}

describe('assemblePlan()', () => {
  test('records the tool, the input and the time', () => {
    const result = assemble([plan(pmg7Host())]);

    assert.equal(result.formatVersion, 2);
    assert.deepEqual(result.tool, { name: 'pmgup', version: '0.1.0' });
    assert.deepEqual(result.desiredState, { relativeTo: 'pmgup', path: 'plans/pmg-8.toml', sha256: sha256('') });
    assert.equal(result.createdAt, '2026-12-01T11:00:00.000Z');
  });

  test('is applyable with actions and no error', () => {
    const result = assemble([plan(pmg7Host())]);

    assert.equal(result.errored, false);
    assert.equal(result.applyable, true);
  });

  test('is neither errored nor applyable without changes', () => {
    const result = assemble([plan(pmg8Host())]);

    assert.deepEqual(result.actions, []);
    assert.equal(result.errored, false);
    assert.equal(result.applyable, false);
  });

  test('is errored and not applyable when any host has an error', () => {
    const broken = scenarios().find((item) => item.name === 'conffile answered stop')!;
    const result = assemble([plan(pmg7Host(), {}, 'pmg1'), plan(broken.facts, broken.data, 'pmg2')]);

    assert.equal(result.errored, true);
    assert.equal(result.applyable, false);
    assert.deepEqual(result.diagnostics.map((item) => `${item.host}:${item.code}`), ['pmg2:conffile-stop']);
  });

  test('keeps hosts in input order with each host in dependency order', () => {
    const result = assemble([plan(pmg7Host(), {}, 'pmg2'), plan(pmg7Host(), {}, 'pmg1')]);
    const hosts = result.actions.map((action) => action.host);
    const firstOfSecond = hosts.indexOf('pmg1');

    assert.deepEqual(result.hosts.map((host) => host.name), ['pmg2', 'pmg1']);
    assert.ok(hosts.slice(0, firstOfSecond).every((host) => host === 'pmg2'));
    assert.ok(hosts.slice(firstOfSecond).every((host) => host === 'pmg1'));
    assert.deepEqual(validateGraph(result.actions), []);
    const seen = new Set<string>();
    for (const action of result.actions) {
      assert.ok(action.dependsOn.every((id) => seen.has(id)), `${action.id} comes before one of its dependencies`);
      seen.add(action.id);
    }
  });
});

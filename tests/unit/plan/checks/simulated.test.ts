/**
 * The checks that read the upgrade simulation when the facts carry one:
 * removals against the target release and the apt cache's free space
 * against the download size.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkFreeSpace } from '../../../../lib/plan/checks/free-space.js';
import { checkRemovals } from '../../../../lib/plan/checks/removals.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { pmg7Host } from '../../../support/facts.js';
import { simulation, withSimulation } from '../simulation-support.js';
import { contextFor, defaultDesired, severities, withCode } from './support.js';

function withRemovals(remove: string[]): HostFacts {
  return withSimulation(pmg7Host(), simulation({ upgrade: { install: [], remove, error: null } }));
}

function separateCache(facts: HostFacts, availableBytes: number): HostFacts {
  facts.disk[2] = { path: '/var/cache/apt/archives', mountPoint: '/var', sizeBytes: 8_000_000_000, availableBytes };

  return facts;
}

describe('checks with the upgrade simulation', () => {
  describe('checkRemovals()', () => {
    test('the simulated removal of PMG is an error even with packages.absent', () => {
      const [result] = checkRemovals(withRemovals(['linux-image-amd64', 'proxmox-mailgateway']), defaultDesired(), contextFor('pre-upgrade'));

      assert.equal(result.severity, 'error');
      assert.equal(result.subject, 'proxmox-mailgateway');
    });

    test('packages removed first are not counted', () => {
      const results = checkRemovals(withRemovals(['linux-image-amd64']), defaultDesired(), contextFor('pre-upgrade'));

      assert.deepEqual(severities(results, 'apt-removals'), ['pass']);
    });

    test('ignores apt.pending once simulated', () => {
      const facts = withRemovals([]);
      facts.apt.pending.remove = ['postfix'];

      assert.deepEqual(severities(checkRemovals(facts, defaultDesired(), contextFor('pre-upgrade')), 'apt-removals'), ['pass']);
    });

    test('a failed simulation reports nothing here', () => {
      const facts = withSimulation(pmg7Host(), simulation({ upgrade: { install: [], remove: ['postfix'], error: 'E: broken' } }));

      assert.deepEqual(checkRemovals(facts, defaultDesired(), contextFor('pre-upgrade')), []);
    });
  });

  describe('checkFreeSpace()', () => {
    const run = (facts: HostFacts) => withCode(checkFreeSpace(facts, defaultDesired(), contextFor('pre-upgrade')), 'apt-cache-free-space')[0];

    test('a cache with room for the download passes below 5 GB', () => {
      const result = run(separateCache(withSimulation(pmg7Host(), simulation()), 1_000_000_000));

      assert.equal(result.severity, 'pass');
      assert.match(result.message, /downloads 154 MB including a 10 % margin/);
    });

    test('a cache without room for the download is an error', () => {
      const result = run(separateCache(withSimulation(pmg7Host(), simulation()), 100_000_000));

      assert.equal(result.severity, 'error');
      assert.match(result.message, /Only 100 MB are free on \/var/);
    });

    test('files already in the cache are not needed again', () => {
      const cached = simulation({ download: { packages: 240, bytes: 140_000_000, cachedBytes: 139_000_000 } });

      assert.equal(run(separateCache(withSimulation(pmg7Host(), cached), 100_000_000)).severity, 'pass');
    });

    test('without a simulation the 5 GB floor stays', () => {
      assert.equal(run(separateCache(pmg7Host(), 1_000_000_000)).severity, 'warning');
    });
  });
});

describe('checks with a simulation whose lists failed', () => {
  test('removals fall back to apt.pending', () => {
    const facts = withSimulation(pmg7Host(), simulation({ update: { ok: false, messages: ['E: x'] }, upgrade: { install: [], remove: ['pmg-api'], error: null } }));

    assert.deepEqual(severities(checkRemovals(facts, defaultDesired(), contextFor('pre-upgrade')), 'apt-removals'), ['pass']);
  });

  test('the apt cache keeps the 5 GB floor', () => {
    const facts = withSimulation(pmg7Host(), simulation({ update: { ok: false, messages: ['E: x'] } }));
    facts.disk[2] = { path: '/var/cache/apt/archives', mountPoint: '/var', sizeBytes: 8_000_000_000, availableBytes: 1_000_000_000 };
    const [cache] = withCode(checkFreeSpace(facts, defaultDesired(), contextFor('pre-upgrade')), 'apt-cache-free-space');

    assert.equal(cache.severity, 'warning');
    assert.match(cache.message, /asks for 5\.0 GB/);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkFreeSpace } from '../../../../lib/plan/checks/free-space.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired, pmg8Host, severities, withCode } from './support.js';

const run = (facts: HostFacts) =>
  checkFreeSpace(facts, defaultDesired(), contextFor('pre-upgrade'));

describe('checks/free-space', () => {
  test('passes with 20 GB free', () => {
    const results = run(pmg7Host());

    assert.deepEqual(severities(results, 'root-free-space'), ['pass']);
    assert.deepEqual(severities(results, 'apt-cache-free-space'), ['pass']);
  });

  test('warns below 5 GB on /', () => {
    const facts = pmg7Host();
    facts.disk[0].availableBytes = 4_999_999_999;
    const [root] = withCode(run(facts), 'root-free-space');

    assert.equal(root.severity, 'warning');
    assert.match(root.message, /^Only 4\.9 GB are free on \/ .* at least 5\.0 GB\.$/);
  });

  test('warns when / is missing from the facts', () => {
    const facts = pmg7Host();
    facts.disk = facts.disk.filter((entry) => entry.path !== '/');

    assert.deepEqual(severities(run(facts), 'root-free-space'), ['warning']);
  });

  test('checks a separately mounted apt cache', () => {
    const facts = pmg7Host();
    facts.disk[2] = {
      path: '/var/cache/apt/archives',
      mountPoint: '/var',
      sizeBytes: 8_000_000_000,
      availableBytes: 1_000_000_000,
    };
    const [cache] = withCode(run(facts), 'apt-cache-free-space');

    assert.equal(cache.severity, 'warning');
    assert.match(cache.message, /1\.0 GB are free on \/var/);
  });

  test('leaves out the apt cache after the release upgrade', () => {
    const results = checkFreeSpace(pmg8Host(), defaultDesired(), contextFor('post-upgrade'));

    assert.equal(withCode(results, 'apt-cache-free-space').length, 0);
  });
});

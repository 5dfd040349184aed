import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkHeldPackages } from '../../../../lib/plan/checks/held-packages.js';
import type { Phase } from '../../../../lib/plan/phase.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired, pmg8Host, severities } from './support.js';

function run(facts: HostFacts, held: string[], phase: Phase) {
  facts.apt.held = held;

  return checkHeldPackages(facts, defaultDesired(), contextFor(phase));
}

describe('checks/held-packages', () => {
  test('passes without holds', () => {
    assert.deepEqual(severities(run(pmg7Host(), [], 'pre-upgrade'), 'apt-held'), ['pass']);
  });

  test('fails any hold before the release upgrade', () => {
    const [result] = run(pmg7Host(), ['zabbix-agent', 'postfix'], 'pre-upgrade');

    assert.equal(result.severity, 'error');
    assert.match(result.message, /postfix and zabbix-agent are on hold/);
    assert.match(result.fix ?? '', /apt-mark unhold postfix zabbix-agent/);
  });

  test('fails PMG holds while upgrading on the new release', () => {
    const results = run(pmg8Host(), ['pmg-api', 'htop'], 'upgrading');

    assert.deepEqual(severities(results, 'apt-held'), ['error', 'notice']);
    assert.match(results[0].message, /^pmg-api is on hold/);
  });

  test('only warns about PMG holds after the upgrade', () => {
    assert.deepEqual(severities(run(pmg8Host(), ['postgresql-15'], 'post-upgrade'), 'apt-held'), [
      'warning',
    ]);
  });
});

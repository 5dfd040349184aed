import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkClamonacc } from '../../../../lib/plan/checks/clamonacc.js';
import type { Phase } from '../../../../lib/plan/phase.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { pmg7Host, unit } from '../../../support/facts.js';
import { contextFor, defaultDesired, pmg8Host, severities } from './support.js';

const UNIT = 'clamav-clamonacc.service';

function run(
  facts: HostFacts,
  phase: Phase,
  change: (desired: ReturnType<typeof defaultDesired>) => void = () => {},
) {
  const desired = defaultDesired();
  change(desired);

  return checkClamonacc(facts, desired, contextFor(phase));
}

describe('checks/clamonacc', () => {
  test('reports nothing before the upgrade without on-access settings', () => {
    assert.deepEqual(run(pmg7Host(), 'pre-upgrade'), []);
  });

  test('passes a disabled scanner after the upgrade', () => {
    assert.deepEqual(severities(run(pmg8Host(), 'post-upgrade'), 'clamav-onaccess'), ['pass']);
  });

  test('warns about a scanner the upgrade enabled', () => {
    const facts = pmg8Host();
    facts.units[UNIT] = unit('active', 'enabled');
    const [result] = run(facts, 'post-upgrade');

    assert.equal(result.severity, 'warning');
    assert.match(result.fix ?? '', /The plan disables and stops it/);
  });

  test('warns about a failed scanner', () => {
    const facts = pmg8Host();
    facts.units[UNIT] = unit('failed', 'disabled');

    assert.equal(run(facts, 'upgrading')[0].severity, 'warning');
  });

  test('warns before disabling configured on-access scanning', () => {
    const facts = pmg7Host();
    facts.clamav.onAccessSettings = ['OnAccessIncludePath /srv/share', 'OnAccessPrevention yes'];
    const [result] = run(facts, 'pre-upgrade');

    assert.equal(result.severity, 'warning');
    assert.match(result.message, /OnAccessIncludePath \/srv\/share/);
    assert.match(result.message, /turns that scanning off/);
  });

  test('ignores on-access options that scan nothing', () => {
    const facts = pmg7Host();
    facts.clamav.onAccessSettings = ['OnAccessPrevention yes'];

    assert.deepEqual(run(facts, 'pre-upgrade'), []);
  });

  test('leaves a configured scanner alone when the operator keeps it', () => {
    const facts = pmg8Host();
    facts.clamav.onAccessSettings = ['OnAccessMountPath /srv'];
    facts.units[UNIT] = unit('active', 'enabled');

    assert.deepEqual(
      run(facts, 'post-upgrade', (desired) => (desired.services.disabled = [])),
      [],
    );
  });
});

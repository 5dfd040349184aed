import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkTimeSync } from '../../../../lib/plan/checks/time-sync.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { pmg7Host, unit } from '../../../support/facts.js';
import { contextFor, defaultDesired } from './support.js';

function runWith(active: string[]) {
  const facts: HostFacts = pmg7Host();
  facts.units['systemd-timesyncd.service'] = unit('inactive', 'disabled');
  for (const name of active) {
    facts.units[name] = unit('active');
  }

  return checkTimeSync(facts, defaultDesired(), contextFor('pre-upgrade'))[0];
}

describe('checks/time-sync', () => {
  test('warns about systemd-timesyncd', () => {
    assert.equal(runWith(['systemd-timesyncd.service']).severity, 'warning');
  });

  test('informs about ntp', () => {
    const result = runWith(['ntp.service']);

    assert.equal(result.severity, 'info');
    assert.match(result.message, /ntpsec/);
  });

  for (const daemon of ['chrony.service', 'openntpd.service', 'ntpsec.service']) {
    test(`passes with ${daemon}`, () => {
      assert.equal(runWith([daemon]).severity, 'pass');
    });
  }

  test('only notes a host without a time daemon', () => {
    assert.equal(runWith([]).severity, 'notice');
  });

  test('does not count a failed chrony', () => {
    const facts = pmg7Host();
    facts.units['systemd-timesyncd.service'] = unit('inactive', 'disabled');
    facts.units['chrony.service'] = unit('failed');

    assert.equal(
      checkTimeSync(facts, defaultDesired(), contextFor('pre-upgrade'))[0].severity,
      'notice',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { MailDowntime, openDowntimeStart } from '../../../lib/apply/downtime.js';
import { maskedUnit, pmg7Host, unit } from '../../support/facts.js';

function withPostfix(state: 'active' | 'inactive') {
  const facts = pmg7Host();
  facts.units['postfix.service'] = state === 'active' ? unit('active') : maskedUnit();

  return facts;
}

describe('apply/downtime', () => {
  test('measures from stop to active again', () => {
    const downtime = new MailDowntime();
    downtime.begin(withPostfix('active'), 0);
    assert.equal(downtime.observe(withPostfix('active'), 1000), null);
    assert.deepEqual(downtime.observe(withPostfix('inactive'), 2000), { type: 'started', at: 2000 });
    assert.equal(downtime.observe(withPostfix('inactive'), 5000), null);
    assert.deepEqual(downtime.observe(withPostfix('active'), 9000), { type: 'ended', at: 9000, durationMs: 7000 });
    assert.equal(downtime.totalMs, 7000);
    assert.equal(downtime.openSince(), null);
  });

  test('reports a downtime still open', () => {
    const downtime = new MailDowntime();
    downtime.begin(withPostfix('active'), 0);
    downtime.observe(withPostfix('inactive'), 2000);
    assert.equal(downtime.openSince(), 2000);
    assert.equal(downtime.observed, false);
  });

  test('continues a downtime an earlier apply journaled', () => {
    const facts = withPostfix('inactive');
    facts.pmgup.journal = [
      { time: '2026-12-01T10:00:00.000Z', planId: 'p', actionId: 'pmg1/stop-units', event: 'note', detail: 'mail downtime started (postfix.service no longer active)' },
    ];
    const downtime = new MailDowntime();
    const start = Date.parse('2026-12-01T10:00:00.000Z');
    downtime.begin(facts, start + 60_000);
    const change = downtime.observe(withPostfix('active'), start + 300_000);
    assert.equal(change?.type, 'ended');
    assert.equal(downtime.totalMs, 300_000);
  });

  test('openDowntimeStart ignores a downtime that ended', () => {
    assert.equal(
      openDowntimeStart([
        { time: '2026-12-01T10:00:00Z', planId: 'p', actionId: 'a/b', event: 'note', detail: 'mail downtime started (x)' },
        { time: '2026-12-01T10:05:00Z', planId: 'p', actionId: 'a/c', event: 'note', detail: 'mail downtime ended after 300 s (x)' },
      ]),
      null,
    );
  });

  test('describe words both changes', () => {
    assert.equal(MailDowntime.describe({ type: 'ended', at: 0, durationMs: 61_400 }), 'mail downtime ended after 61 s (postfix.service active again)');
    assert.match(MailDowntime.describe({ type: 'started', at: 0 }), /^mail downtime started/);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { HostPlan } from '../../../lib/plan/model.js';
import { palette } from '../../../lib/views/color.js';
import { renderDowntime } from '../../../lib/views/plan-human.js';

const PLAIN = palette(false);

const DOWNTIME: NonNullable<HostPlan['downtime']> = {
  actions: ['pmg1/stop-units', 'pmg1/dist-upgrade', 'pmg1/reboot'],
  estimateSeconds: 135,
  parts: [
    { what: '2 actions', seconds: 10, basis: '5 s each to start and check' },
    { what: 'dist-upgrade', seconds: 63, basis: '30 packages held back by early-upgrade × 2.1 s' },
    { what: 'reboot', seconds: 62, basis: 'assumed boot time of a VM or server' },
  ],
};

describe('views/plan-human downtime', () => {
  test('names the first and last action and the total', () => {
    const [header] = renderDowntime(DOWNTIME, PLAIN);

    assert.equal(header, '  Mail downtime: 3 actions, pmg1/stop-units to pmg1/reboot; estimated 2 min 15 s');
  });

  test('lists every part with its basis', () => {
    const lines = renderDowntime(DOWNTIME, PLAIN);

    assert.equal(lines[1], '      2 actions: 10 s (5 s each to start and check)');
    assert.equal(lines[2], '      dist-upgrade: 1 min 3 s (30 packages held back by early-upgrade × 2.1 s)');
    assert.equal(lines[3], '      reboot: 1 min 2 s (assumed boot time of a VM or server)');
  });

  test('labels the figure an estimate', () => {
    assert.match(renderDowntime(DOWNTIME, PLAIN).at(-1)!, /An estimate/);
  });

  test('says when a part is unknown', () => {
    const lines = renderDowntime(
      { ...DOWNTIME, estimateSeconds: null, parts: [{ what: 'dist-upgrade', seconds: null, basis: 'not simulated' }] },
      PLAIN,
    );

    assert.match(lines[0], /no estimate, because a part is unknown$/);
    assert.equal(lines[1], '      dist-upgrade: unknown (not simulated)');
  });

  test('escapes control characters from the plan', () => {
    const lines = renderDowntime({ ...DOWNTIME, parts: [{ what: 'x\u001b[2J', seconds: 1, basis: 'b' }] }, PLAIN);

    assert.doesNotMatch(lines[1], /\u001b/);
  });
});

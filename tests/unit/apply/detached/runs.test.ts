import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { decideRun, parsePoll, parseRuns, type RunRecord } from '../../../../lib/apply/detached/runs.js';
import { detachedUnitName, kindOfUnit } from '../../../../lib/apply/detached/scripts.js';

const MINE = detachedUnitName('0123456789ab', 'dist-upgrade');
const OTHER = detachedUnitName('ba9876543210', 'dist-upgrade');
const CONTEXT = { unit: MINE, kind: 'dist-upgrade', runningAtStart: new Set<string>(), planCreatedAt: 1_700_000_000, retryOwn: false };
const done = (endedAt: number, exitStatus = 0) => ({ exitStatus, startedAt: endedAt - 600, endedAt });

describe('apply/detached/runs', () => {
  test('unit names carry the step kind', () => {
    assert.equal(MINE, 'pmgup-0123456789ab-dist-upgrade');
    assert.equal(kindOfUnit(MINE), 'dist-upgrade');
    assert.equal(kindOfUnit('pmgup-0123456789ab-upgrade-pg-cluster'), 'upgrade-pg-cluster');
    assert.equal(kindOfUnit('postfix'), null);
  });

  describe('decideRun()', () => {
    const cases: { name: string; runs: RunRecord[]; context?: Partial<typeof CONTEXT>; expected: ReturnType<typeof decideRun> }[] = [
      { name: 'starts when nothing ran', runs: [], expected: { type: 'start' } },
      {
        name: 'attaches to a running unit of another plan',
        runs: [{ unit: OTHER, activeState: 'active', status: null }],
        expected: { type: 'attach', unit: OTHER },
      },
      {
        name: 'takes the result of its own finished unit',
        runs: [{ unit: MINE, activeState: 'inactive', status: done(1_600_000_000, 1) }],
        expected: { type: 'pick-up', unit: MINE, status: done(1_600_000_000, 1) },
      },
      {
        name: 'runs again after its own reported failure',
        runs: [{ unit: MINE, activeState: 'inactive', status: done(1_600_000_000, 1) }],
        context: { retryOwn: true },
        expected: { type: 'start' },
      },
      {
        name: 'takes the result of a unit that ran at start',
        runs: [{ unit: OTHER, activeState: 'inactive', status: done(1_600_000_000) }],
        context: { runningAtStart: new Set([OTHER]) },
        expected: { type: 'pick-up', unit: OTHER, status: done(1_600_000_000) },
      },
      {
        name: 'takes a result newer than the plan',
        runs: [{ unit: OTHER, activeState: 'inactive', status: done(1_700_000_100) }],
        expected: { type: 'pick-up', unit: OTHER, status: done(1_700_000_100) },
      },
      {
        name: 'starts again after a result older than the plan',
        runs: [{ unit: OTHER, activeState: 'inactive', status: done(1_600_000_000) }],
        expected: { type: 'start' },
      },
      {
        name: 'ignores units of other step kinds',
        runs: [{ unit: detachedUnitName('ba9876543210', 'download-packages'), activeState: 'active', status: null }],
        expected: { type: 'start' },
      },
      {
        name: 'starts again after its own unit died without status',
        runs: [{ unit: MINE, activeState: 'inactive', status: null }],
        expected: { type: 'start' },
      },
    ];

    for (const item of cases) {
      test(item.name, () => {
        assert.deepEqual(decideRun(item.runs, { ...CONTEXT, ...item.context }), item.expected);
      });
    }
  });

  test('parseRuns reads state and status', () => {
    const runs = parseRuns(`pmgup-run ${MINE} active -\npmgup-run ${OTHER} inactive 100,1700000000,1700000500\nnoise\n`);
    assert.deepEqual(runs, [
      { unit: MINE, activeState: 'active', status: null },
      { unit: OTHER, activeState: 'inactive', status: { exitStatus: 100, startedAt: 1_700_000_000, endedAt: 1_700_000_500 } },
    ]);
  });

  test('parsePoll decodes the chunk', () => {
    const poll = parsePoll(`pmgup-poll active - 6\n${Buffer.from('hello\n').toString('base64')}\n`);
    assert.equal(poll?.activeState, 'active');
    assert.equal(poll?.status, null);
    assert.equal(poll?.size, 6);
    assert.equal(poll?.chunk.toString(), 'hello\n');
  });

  test('parsePoll returns null without the marker', () => {
    assert.equal(parsePoll('sh: 1: systemctl: not found\n'), null);
  });
});

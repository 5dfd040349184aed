/**
 * Progress of a plan of two hosts whose actions run side by side: the
 * plain renderer puts the host in front of every line about it and counts
 * each host's actions, and listr2 gets one task group per host.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { ActionSummary, ApplyEvent } from '../../../lib/apply/events.js';
import { collectingStream, ListrProgressReporter } from '../../../lib/views/progress-listr.js';
import { PlainProgressReporter } from '../../../lib/views/progress-plain.js';

const time = '2026-12-01T10:00:00.000Z';

function summary(host: string, slug: 'stop-units:cluster' | 'dist-upgrade'): ActionSummary {
  return slug === 'dist-upgrade'
    ? { id: `${host}/dist-upgrade`, host, kind: 'dist-upgrade', step: { kind: 'dist-upgrade', conffileDefault: 'keep', conffiles: [] }, long: true }
    : { id: `${host}/stop-units:cluster`, host, kind: 'stop-units', step: { kind: 'stop-units', units: ['pmgmirror.service'], mask: true }, long: false };
}

const ACTIONS = [summary('pmg1', 'stop-units:cluster'), summary('pmg2', 'stop-units:cluster'), summary('pmg1', 'dist-upgrade'), summary('pmg2', 'dist-upgrade')];

/** Both cluster stops at once, then pmg1's dist-upgrade, which fails, and pmg2's not run. */
const EVENTS: ApplyEvent[] = [
  { type: 'plan-start', time, planId: 'abcdef012345', hosts: ['pmg1', 'pmg2'], actions: ACTIONS },
  { type: 'action-start', time, actionId: 'pmg1/stop-units:cluster', host: 'pmg1', kind: 'stop-units', long: false },
  { type: 'action-start', time, actionId: 'pmg2/stop-units:cluster', host: 'pmg2', kind: 'stop-units', long: false },
  { type: 'action-end', time, actionId: 'pmg2/stop-units:cluster', durationMs: 400, detail: null },
  { type: 'action-end', time, actionId: 'pmg1/stop-units:cluster', durationMs: 500, detail: null },
  { type: 'action-start', time, actionId: 'pmg1/dist-upgrade', host: 'pmg1', kind: 'dist-upgrade', long: true },
  { type: 'action-output', time, actionId: 'pmg1/dist-upgrade', line: 'Unpacking postfix' },
  { type: 'note', time, host: 'pmg1', actionId: 'pmg1/dist-upgrade', message: 'detached unit started' },
  {
    type: 'action-error',
    time,
    actionId: 'pmg1/dist-upgrade',
    durationMs: 2000,
    cause: { title: 'dist-upgrade failed', detail: 'dpkg exited with status 1.', command: 'apt-get dist-upgrade', exitStatus: 1, lastLines: [] },
  },
  { type: 'action-skipped', time, actionId: 'pmg2/dist-upgrade', reason: 'not run because pmg1/dist-upgrade failed' },
  { type: 'summary', time, planId: 'abcdef012345', ok: false, succeeded: 2, failed: 1, notRun: 1, durationMs: 3000, mailDowntimeMs: {}, mailDownSince: {}, backups: {} },
];

describe('views/progress for several hosts', () => {
  test('plain lines start with the host', () => {
    let output = '';
    const reporter = new PlainProgressReporter({ write: (text) => (output += text), setInterval: () => null, clearInterval: () => {} });
    EVENTS.forEach((event) => reporter.emit(event));

    assert.deepEqual(output.split('\n').slice(0, 10), [
      'Applying plan abcdef012345 to pmg1, pmg2: 4 action(s).',
      'pmg1: [1/2] pmg1/stop-units:cluster: stop and mask units (pmgmirror.service (masked))',
      'pmg2: [1/2] pmg2/stop-units:cluster: stop and mask units (pmgmirror.service (masked))',
      'pmg2: [1/2] pmg2/stop-units:cluster done in 400 ms',
      'pmg1: [1/2] pmg1/stop-units:cluster done in 500 ms',
      'pmg1: [2/2] pmg1/dist-upgrade: upgrade to the new release (apt-get dist-upgrade, configuration files: keep by default)',
      'pmg1:   pmg1/dist-upgrade | Unpacking postfix',
      'pmg1:   note (pmg1/dist-upgrade): detached unit started',
      'pmg1: [2/2] pmg1/dist-upgrade FAILED after 2.0 s:',
      'pmg1:     dist-upgrade failed',
    ]);
    assert.match(output, /^pmg2: \[2\/2\] pmg2\/dist-upgrade skipped: not run because pmg1\/dist-upgrade failed$/m);
    assert.match(output, /^Apply failed: 2 done, 1 failed, 1 not run after 3\.0 s\.$/m);
  });

  test('plain heartbeat per long step', () => {
    let output = '';
    const ticks: (() => void)[] = [];
    let now = 0;
    const reporter = new PlainProgressReporter({
      write: (text) => (output += text),
      now: () => now,
      heartbeatMs: 30_000,
      setInterval: (callback) => ticks.push(callback) - 1,
      clearInterval: (handle) => (ticks[handle as number] = () => {}),
    });
    reporter.emit(EVENTS[0]!);
    reporter.emit({ type: 'action-start', time, actionId: 'pmg1/dist-upgrade', host: 'pmg1', kind: 'dist-upgrade', long: true });
    reporter.emit({ type: 'action-start', time, actionId: 'pmg2/dist-upgrade', host: 'pmg2', kind: 'dist-upgrade', long: true });
    now += 30_000;
    ticks.forEach((tick) => tick());
    reporter.emit({ type: 'action-end', time, actionId: 'pmg1/dist-upgrade', durationMs: 30_000, detail: null });
    now += 30_000;
    ticks.forEach((tick) => tick());

    const lines = output.split('\n').filter((line) => line.includes('still running'));
    assert.deepEqual(lines, [
      'pmg1:   pmg1/dist-upgrade: still running, 30 s elapsed',
      'pmg2:   pmg2/dist-upgrade: still running, 30 s elapsed',
      'pmg2:   pmg2/dist-upgrade: still running, 60 s elapsed',
    ]);
  });

  test('listr2 groups tasks by host', async () => {
    let text = '';
    const reporter = new ListrProgressReporter({ renderer: 'test', output: collectingStream((chunk) => (text += chunk)) });
    for (const event of EVENTS) {
      reporter.emit(event);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await reporter.close();
    const logged = text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { event: string; data: unknown; task?: { title?: string } });
    const states = logged.filter((entry) => entry.event === 'STATE').map((entry) => `${entry.task?.title?.replace(/: .*/, '')} ${String(entry.data)}`);
    const waiting = logged.filter((entry) => entry.event === 'OUTPUT' && entry.data === 'waiting for the actions it depends on');

    assert.ok(states.includes('pmg1 STARTED'), states.join('\n'));
    assert.ok(states.includes('pmg2 STARTED'), states.join('\n'));
    assert.ok(states.indexOf('pmg2/stop-units:cluster STARTED') < states.indexOf('pmg1/stop-units:cluster COMPLETED'), states.join('\n'));
    assert.ok(states.includes('pmg1/dist-upgrade FAILED'), states.join('\n'));
    assert.ok(states.includes('pmg2/dist-upgrade SKIPPED'), states.join('\n'));
    assert.match(text, /Apply failed: 2 done, 1 failed, 1 not run/);
    assert.ok(waiting.some((entry) => entry.task?.title?.startsWith('pmg2/dist-upgrade')), 'a task that apply has not started says it waits');
  });
});

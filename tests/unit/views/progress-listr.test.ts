import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { collectingStream, ListrProgressReporter } from '../../../lib/views/progress-listr.js';
import { EVENTS } from './progress-events.js';

interface Logged {
  event: string;
  data: unknown;
  task?: { title?: string };
}

async function render(): Promise<{ logged: Logged[]; text: string }> {
  let text = '';
  const reporter = new ListrProgressReporter({ renderer: 'test', output: collectingStream((chunk) => (text += chunk)) });
  for (const event of EVENTS) {
    reporter.emit(event);
    // listr2 runs its tasks on later ticks, as it would between real events.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await reporter.close();
  const logged = text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Logged);

  return { logged, text };
}

describe('views/progress-listr', () => {
  test('drives one task per action from the events', async () => {
    const { logged } = await render();
    const states = logged.filter((entry) => entry.event === 'STATE').map((entry) => `${entry.task?.title?.split(':')[0]} ${String(entry.data)}`);
    assert.deepEqual(states, [
      'pmg1/stop-units STARTED',
      'pmg1/stop-units COMPLETED',
      'pmg1/dist-upgrade STARTED',
      'pmg1/dist-upgrade COMPLETED',
      'pmg1/upgrade-pg-cluster STARTED',
      'pmg1/upgrade-pg-cluster FAILED',
      'pmg1/unmask-units STARTED',
      'pmg1/unmask-units SKIPPED',
    ]);
  });

  test('shows host output escaped as the task output', async () => {
    const { logged } = await render();
    const outputs = logged.filter((entry) => entry.event === 'OUTPUT').map((entry) => String(entry.data));
    const line = outputs.find((text) => text.includes('Unpacking'));
    assert.match(line ?? '', /^\[\d+ s\] Unpacking base-files \(12\.4\) \\x1b\]0;owned\\x07\\x1b\[2J$/);
    assert.ok(outputs.some((text) => /^\[\d+ s\] detached unit pmgup-0123456789ab-dist-upgrade/.test(text)));
  });

  test('prints notes that come before the plan starts', async () => {
    let text = '';
    const reporter = new ListrProgressReporter({ renderer: 'test', output: collectingStream((chunk) => (text += chunk)) });
    reporter.emit({ type: 'note', time: 't', host: 'pmg1', actionId: null, message: 'waiting for pmgup-x-dist-upgrade' });
    await reporter.close();
    assert.equal(text, 'note (pmg1): waiting for pmgup-x-dist-upgrade\n');
  });

  test('names the action of a skipped task', async () => {
    const { logged } = await render();
    const skip = logged.find((entry) => entry.event === 'MESSAGE' && JSON.stringify(entry.data).includes('skip'));
    assert.deepEqual(skip?.data, { skip: 'pmg1/unmask-units: not run because pmg1/upgrade-pg-cluster failed' });
  });

  test('writes the summary after the tasks', async () => {
    const { text } = await render();
    assert.match(text, /Apply failed: 2 done, 1 failed, 1 not run after 4 min 18 s\.\n/);
    assert.match(text, /Mail downtime on pmg1: 4 min 17 s/);
    assert.ok(text.indexOf('Apply failed') > text.lastIndexOf('"event":"STATE"'));
  });
});

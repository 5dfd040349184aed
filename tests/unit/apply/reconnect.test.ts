import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { CommandError, ConnectionError } from '../../../lib/errors.js';
import { awaitRunningSteps } from '../../../lib/apply/earlier-units.js';
import { backoffMs, withReconnect } from '../../../lib/apply/reconnect.js';
import type { Transport } from '../../../lib/transport/types.js';

function clock() {
  let now = 0;

  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

describe('apply/reconnect', () => {
  test('backoff doubles up to 15 s', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 9].map(backoffMs), [1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });

  test('retries a dropped connection until the call succeeds', async () => {
    const time = clock();
    let calls = 0;
    const retries: number[] = [];
    const value = await withReconnect(
      async () => {
        calls++;
        if (calls < 4) throw new ConnectionError('pmg1', 'dropped');
        return 'ok';
      },
      { deadlineMs: 60_000, ...time, onRetry: (attempt) => retries.push(attempt) },
    );
    assert.equal(value, 'ok');
    assert.equal(calls, 4);
    assert.deepEqual(retries, [1, 2, 3]);
    assert.equal(time.now(), 7000);
  });

  test('gives up after the deadline with the last connection error', async () => {
    const time = clock();
    await assert.rejects(
      withReconnect(async () => { throw new ConnectionError('pmg1', 'still down'); }, { deadlineMs: 20_000, ...time }),
      ConnectionError,
    );
    assert.ok(time.now() <= 20_000);
  });

  test('rethrows other errors at once', async () => {
    const time = clock();
    let calls = 0;
    const failure = new CommandError({ host: 'pmg1', command: 'x', exitCode: 1, signal: null, stdout: '', stderr: '', durationMs: 1 });
    await assert.rejects(withReconnect(async () => { calls++; throw failure; }, { deadlineMs: 60_000, ...time }), CommandError);
    assert.equal(calls, 1);
  });
});

describe('awaitRunningSteps', () => {
  test('fails at once on a host it never reached', { timeout: 10_000 }, async () => {
    let calls = 0;
    const transport: Transport = {
      name: 'root@127.0.0.1:1',
      target: 'ssh:root@127.0.0.1:1',
      run: async () => {
        calls += 1;
        throw new ConnectionError('root@127.0.0.1:1', 'Connection refused');
      },
      close: async () => {},
    };
    const started = Date.now();

    await assert.rejects(awaitRunningSteps(transport, () => {}), ConnectionError);
    assert.equal(calls, 1);
    assert.ok(Date.now() - started < 5_000, 'no retries with pauses');
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { followUnit, UnitVanishedError } from '../../../../lib/apply/detached/follow.js';
import { CommandError } from '../../../../lib/errors.js';
import { withReconnect } from '../../../../lib/apply/reconnect.js';
import type { HostRuntime } from '../../../../lib/apply/runtime.js';
import { dropConnection, FakeTransport, type FakeHandler } from '../support.js';
import { FakeUnit } from './fake-unit.js';

const UNIT = 'pmgup-0123456789ab-dist-upgrade';

function runtime(handlers: FakeHandler[]): HostRuntime & { transport: FakeTransport } {
  let clock = 0;
  const sleep = async (ms: number) => {
    clock += ms;
  };

  return {
    host: 'pmg1',
    transport: new FakeTransport(handlers),
    planId: '0123456789ab',
    now: () => clock,
    sleep,
    pollIntervalMs: 1000,
    retry: (call) => withReconnect(call, { deadlineMs: 60_000, sleep, now: () => clock }),
  };
}

describe('apply/detached/follow', () => {
  test('returns every line and the exit status', async () => {
    const unit = new FakeUnit(UNIT, [
      (u) => u.append('Reading package lists...\nUnpack'),
      (u) => u.append('ing base-files\n'),
      (u) => {
        u.append('Setting up base-files\n');
        u.finish(0);
      },
    ]);
    const lines: string[] = [];
    const result = await followUnit(runtime([unit.handler]), UNIT, { onLine: (line) => lines.push(line) });
    assert.deepEqual(lines, ['Reading package lists...', 'Unpacking base-files', 'Setting up base-files']);
    assert.equal(result.status.exitStatus, 0);
    assert.deepEqual(result.lastLines, lines);
  });

  test('joins a UTF-8 character split between polls', async () => {
    const text = Buffer.from('Größe ✓\n');
    const unit = new FakeUnit(UNIT, [
      (u) => u.append(text.subarray(0, 3)),
      (u) => {
        u.append(text.subarray(3));
        u.finish(0);
      },
    ]);
    const lines: string[] = [];
    await followUnit(runtime([unit.handler]), UNIT, { onLine: (line) => lines.push(line) });
    assert.deepEqual(lines, ['Größe ✓']);
  });

  test('keeps following across dropped connections', async () => {
    const unit = new FakeUnit(UNIT, [(u) => u.append('one\n'), (u) => u.finish(100)]);
    const host = runtime([dropConnection('pmgup-poll', 3), unit.handler]);
    const result = await followUnit(host, UNIT);
    assert.equal(result.status.exitStatus, 100);
    assert.deepEqual(result.lastLines, ['one']);
    assert.equal(host.transport.scripts.length, 5);
  });

  test('keeps following while polls fail on the host for a moment', async () => {
    let failures = 3;
    const brokenShell: FakeHandler = (script) => {
      if (script.includes('pmgup-poll') && failures > 0) {
        failures--;
        return { exitCode: 1, stderr: "bash: /lib64/ld-linux-x86-64.so.2: version `GLIBC_2.35' not found\n" };
      }
      return undefined;
    };
    const unit = new FakeUnit(UNIT, [(u) => { u.append('Unpacking libc6\n'); u.finish(0); }]);
    const result = await followUnit(runtime([brokenShell, unit.handler]), UNIT);
    assert.equal(result.status.exitStatus, 0);
    assert.deepEqual(result.lastLines, ['Unpacking libc6']);
  });

  test('gives up when polls keep failing on the host', async () => {
    const broken: FakeHandler = (script) => (script.includes('pmgup-poll') ? { exitCode: 1, stderr: 'sh: cannot execute\n' } : undefined);
    await assert.rejects(followUnit(runtime([broken]), UNIT), CommandError);
  });

  test('fails when the unit vanished without a status', async () => {
    const unit = new FakeUnit(UNIT, [(u) => u.append('half\n'), (u) => (u.state = 'inactive')]);
    await assert.rejects(followUnit(runtime([unit.handler]), UNIT), UnitVanishedError);
  });

  test('reads a log larger than one poll chunk', async () => {
    const many = Array.from({ length: 20_000 }, (_, index) => `line ${index}`).join('\n');
    const unit = new FakeUnit(UNIT, [
      (u) => {
        if (u.polls === 1) {
          u.append(`${many}\n`);
          u.finish(0);
        }
      },
    ]);
    let count = 0;
    await followUnit(runtime([unit.handler]), UNIT, { onLine: () => count++ });
    assert.equal(count, 20_000);
  });

  test('drops the partial first line when starting mid-log', async () => {
    const unit = new FakeUnit(UNIT, [(u) => u.finish(0)]);
    unit.append('first line\nsecond line\n');
    const lines: string[] = [];
    await followUnit(runtime([unit.handler]), UNIT, { fromOffset: 3, onLine: (line) => lines.push(line) });
    assert.deepEqual(lines, ['second line']);
  });
});

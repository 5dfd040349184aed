import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { runDetached, type DetachedRequest } from '../../../../lib/apply/detached/index.js';
import { detachedUnitName, runnerScript, startScript } from '../../../../lib/apply/detached/scripts.js';
import { withReconnect } from '../../../../lib/apply/reconnect.js';
import type { HostRuntime } from '../../../../lib/apply/runtime.js';
import { parseJournal } from '../../../../lib/apply/journal.js';
import { FakeTransport, Sandbox, type FakeHandler } from '../support.js';
import { FakeUnit } from './fake-unit.js';

const PLAN_ID = '0123456789ab';
const MINE = detachedUnitName(PLAN_ID, 'dist-upgrade');
const OTHER = detachedUnitName('ba9876543210', 'dist-upgrade');

function runtime(handlers: FakeHandler[]): HostRuntime & { transport: FakeTransport } {
  const sleep = async () => {};

  return {
    host: 'pmg1',
    transport: new FakeTransport(handlers),
    planId: PLAN_ID,
    now: () => 0,
    sleep,
    pollIntervalMs: 0,
    retry: (call) => withReconnect(call, { deadlineMs: 1000, sleep, now: () => 0 }),
  };
}

function request(notes: string[] = [], lines: string[] = []): DetachedRequest {
  return {
    kind: 'dist-upgrade',
    actionId: 'pmg1/dist-upgrade',
    command: { mode: 'detached', body: 'apt-get dist-upgrade', description: 'pmgup: dist-upgrade' },
    runningAtStart: new Set(),
    planCreatedAt: 1_700_000_000,
    retryOwn: false,
    onLine: (line) => lines.push(line),
    onNote: (message) => notes.push(message),
  };
}

const listing = (text: string): FakeHandler => (script) => (script.includes('for log in pmgup-*.log') ? { stdout: text } : undefined);
const size = (bytes: number): FakeHandler => (script) => (script.startsWith('stat -c %s') ? { stdout: `${bytes}\n` } : undefined);
const starts = (scripts: string[]) => scripts.filter((script) => script.includes('systemd-run'));

describe('apply/detached', () => {
  test('starts a unit when none ran and follows it', async () => {
    const unit = new FakeUnit(MINE, [(u) => { u.append('done\n'); u.finish(0); }]);
    const host = runtime([listing(''), unit.handler]);
    const lines: string[] = [];
    const outcome = await runDetached(host, request([], lines));

    assert.equal(outcome.how, 'started');
    assert.equal(outcome.unit, MINE);
    assert.equal(starts(host.transport.scripts).length, 1);
    const input = host.transport.inputs[host.transport.scripts.findIndex((script) => script.includes('systemd-run'))];
    assert.match(input!, /\napt-get dist-upgrade\n/);
    assert.deepEqual(lines, ['done']);
  });

  test('attaches to a running unit instead of starting one', async () => {
    const unit = new FakeUnit(OTHER, [(u) => { u.append('Setting up x\n'); u.finish(0); }]);
    const host = runtime([listing(`pmgup-run ${OTHER} active -\n`), size(0), unit.handler]);
    const notes: string[] = [];
    const outcome = await runDetached(host, request(notes));

    assert.equal(outcome.how, 'attached');
    assert.equal(outcome.unit, OTHER);
    assert.deepEqual(starts(host.transport.scripts), []);
    assert.match(notes[0]!, /following pmgup-ba9876543210-dist-upgrade/);
  });

  test('takes the result of its own finished unit', async () => {
    const unit = new FakeUnit(MINE, [(u) => u.finish(100)]);
    unit.append('E: broken\n');
    const host = runtime([listing(`pmgup-run ${MINE} inactive 100,1600000000,1600000600\n`), size(10), unit.handler]);
    const outcome = await runDetached(host, request());

    assert.equal(outcome.how, 'picked-up');
    assert.equal(outcome.status.exitStatus, 100);
    assert.deepEqual(outcome.lastLines, ['E: broken']);
    assert.deepEqual(starts(host.transport.scripts), []);
  });

  test('starts again after an old run of another plan', async () => {
    const unit = new FakeUnit(MINE, [(u) => u.finish(0)]);
    const host = runtime([listing(`pmgup-run ${OTHER} inactive 0,1600000000,1600000600\n`), unit.handler]);
    const outcome = await runDetached(host, request());

    assert.equal(outcome.how, 'started');
    assert.equal(starts(host.transport.scripts).length, 1);
  });
});

describe('apply/detached/scripts on a shell', () => {
  function runUnit(body: string) {
    const sandbox = new Sandbox();
    // The stub runs the unit's command at once, as systemd would in the background.
    sandbox.stub('systemd-run', 'for last; do :; done; /bin/sh "$last" || true');
    const runner = runnerScript({ unit: MINE, planId: PLAN_ID, actionId: 'pmg1/dist-upgrade', body });
    // The runner arrives on standard input, which the sandbox does not rewrite by itself.
    const result = sandbox.run(startScript(MINE, 'pmgup: test'), sandbox.rewrite(runner));
    const logs = join(sandbox.root, 'state', 'logs');

    return { sandbox, result, logs };
  }

  test('runner records output, status and journal notes', () => {
    const { sandbox, result, logs } = runUnit('echo building; echo warning >&2; exit 3');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(join(logs, `${MINE}.log`), 'utf8'), 'building\nwarning\n');
    assert.match(readFileSync(join(logs, `${MINE}.status`), 'utf8'), /^3 \d+ \d+\n$/);
    const journal = parseJournal(readFileSync(join(sandbox.root, 'state', 'journal.jsonl'), 'utf8'));
    assert.equal(journal.corrupt, 0);
    assert.deepEqual(journal.entries.map((entry) => entry.detail), [`detached unit ${MINE} started`, `detached unit ${MINE} exited with status 3`]);
    assert.equal(journal.entries[0]!.actionId, 'pmg1/dist-upgrade');
    sandbox.remove();
  });

  test('a guard exit in the body still writes the status', () => {
    const { sandbox, logs } = runUnit('set -eu\necho "pmgup: refused" >&2; exit 73');
    assert.match(readFileSync(join(logs, `${MINE}.status`), 'utf8'), /^73 /);
    sandbox.remove();
  });

  test('a failing command under set -e ends the body with its status', () => {
    const { sandbox, logs } = runUnit('set -eu\nfalse\necho unreachable');
    assert.match(readFileSync(join(logs, `${MINE}.status`), 'utf8'), /^1 /);
    assert.doesNotMatch(readFileSync(join(logs, `${MINE}.log`), 'utf8'), /unreachable/);
    sandbox.remove();
  });

  test('a new start moves an old log aside', () => {
    const { sandbox, logs } = runUnit('echo first');
    sandbox.run(startScript(MINE, 'pmgup: test'), sandbox.rewrite(runnerScript({ unit: MINE, planId: PLAN_ID, actionId: 'pmg1/x', body: 'echo second' })));
    assert.equal(readFileSync(join(logs, `${MINE}.log`), 'utf8'), 'second\n');
    assert.equal(existsSync(join(logs, `${MINE}.sh`)), true);
    sandbox.remove();
  });
});

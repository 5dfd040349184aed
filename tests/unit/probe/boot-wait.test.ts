/**
 * The boot wait of probe.sh, run for real by /bin/sh: the script's own
 * probe_system function, with systemctl and systemd-detect-virt replaced by
 * stub commands that play a system in a given state (and `timeout` by a
 * function that runs its command).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { parseSystem } from '../../../lib/probe/parsers/system.js';
import { probeScript } from '../../../lib/probe/script.js';
import { section } from './helpers.js';

/** Returns the text of one shell function of probe.sh. */
function shellFunction(name: string): string {
  const match = new RegExp(`^${name}\\(\\) \\{\\n[\\s\\S]*?\\n\\}\\n`, 'm').exec(probeScript());
  assert.ok(match, `function ${name} in probe.sh`);

  return match[0];
}

/**
 * Runs probe_system against a systemd that reports `states` one call after
 * another (the last one repeating) and returns the parsed section.
 */
function runSystem(states: string[], maxWait: number, tickingClock = false) {
  const folder = mkdtempSync(join(tmpdir(), 'pmgup-wait-'));
  const counter = join(folder, 'calls');
  writeFileSync(counter, '0\n');
  if (tickingClock) {
    // A clock whose second changes at every call, as it may between two real calls.
    const ticks = join(folder, 'ticks');
    writeFileSync(ticks, '1000\n');
    writeStub(folder, 'date', `now=$(cat '${ticks}')\necho $((now + 1)) > '${ticks}'\necho "$now"`);
  }
  writeStub(folder, 'systemd-detect-virt', 'echo none\nexit 1');
  writeStub(
    folder,
    'systemctl',
    [
      `calls=$(cat '${counter}')`,
      `echo $((calls + 1)) > '${counter}'`,
      `set -- ${states.join(' ')}`,
      'shift $((calls < $# - 1 ? calls : $# - 1))',
      'echo "$1"',
    ].join('\n'),
  );

  const stubs = `
PATH='${folder}':$PATH
timeout() {
  while [ $# -gt 0 ]; do
    case $1 in
      -k) shift 2 ;;
      [0-9]*) shift; break ;;
      *) break ;;
    esac
  done
  "$@"
}
line() { printf '%s %s\\n' "$1" "$2"; }
MAX_WAIT=${maxWait}
`;
  const script = `${stubs}\n${shellFunction('probe_system')}\nprobe_system\n`;
  const started = Date.now();
  const result = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0, result.stderr);

  return { system: parseSystem(section('system', result.stdout)), elapsedMs: Date.now() - started };
}

function writeStub(folder: string, name: string, body: string): void {
  writeFileSync(join(folder, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
}

describe('probe.sh boot wait', () => {
  test('running system is not waited for', () => {
    const { system } = runSystem(['running'], 60);

    assert.equal(system.state, 'running');
    assert.equal(system.waitedSeconds, 0);
  });

  for (const state of ['degraded', 'maintenance', 'stopping', 'offline']) {
    test(`${state} ends the wait at once`, () => {
      const { system } = runSystem([state], 60);

      assert.equal(system.state, state);
      assert.equal(system.waitedSeconds, 0);
    });
  }

  test('a running system waits 0 s across a second', () => {
    const { system } = runSystem(['running'], 60, true);

    assert.equal(system.waitedSeconds, 0);
  });

  test('starting system is waited for', () => {
    const { system, elapsedMs } = runSystem(['starting', 'initializing', 'starting', 'running'], 60);

    assert.equal(system.state, 'running');
    assert.ok(system.waitedSeconds >= 2, `waited ${system.waitedSeconds} s`);
    // Generous upper bounds: on a loaded machine each stub call may take a while.
    assert.ok(system.waitedSeconds <= 10, `waited ${system.waitedSeconds} s`);
    assert.ok(elapsedMs >= 2500, `took ${elapsedMs} ms`);
  });

  test('wait stops at the limit', () => {
    const { system } = runSystem(['starting'], 2);

    assert.equal(system.state, 'starting');
    assert.ok(system.waitedSeconds >= 2, `waited ${system.waitedSeconds} s`);
    assert.ok(system.waitedSeconds <= 10, `waited ${system.waitedSeconds} s`);
  });

  test('empty answer reads as unknown', () => {
    const { system } = runSystem(['""'], 60);

    assert.equal(system.state, 'unknown');
  });
});

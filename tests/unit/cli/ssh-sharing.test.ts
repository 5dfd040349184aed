/**
 * Which commands share one SSH connection per host. Against one OpenSSH
 * server on 127.0.0.1 that replays a recorded probe (bench/fleet-hosts.ts),
 * a command that makes one call per host must start no master, and a plan
 * with the simulation, which makes two, must share one. The transport logs
 * at debug level when it ends a shared connection.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { startFakeFleet, type FakeFleet } from '../../../bench/fleet-hosts.js';
import { configureLogging, resetLogging } from '../../../lib/log.js';
import { repositoryRoot } from '../../testhost/paths.js';
import { run } from './support.js';

const SHARED_CLOSE = /closed the shared connection/;

describe('ssh connection sharing by command', () => {
  let dir: string;
  let fleet: FakeFleet;
  let target: string[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pmgup-sharing-test-'));
    fleet = await startFakeFleet(1, dir);
    target = [
      '--host',
      `root@127.0.0.1:${fleet.ports[0]}`,
      '--ssh-config',
      '/dev/null',
      '--identity-file',
      fleet.identityFile,
      '--known-hosts',
      fleet.knownHostsFile,
    ];
  });

  after(async () => {
    await fleet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // Runs the command with transport logging at debug level and returns its outcome and the log lines.
  async function runLogged(argv: string[]) {
    const lines: string[] = [];
    configureLogging({ level: 'debug', write: (line) => lines.push(line) });
    try {
      const outcome = await run(argv);
      return { ...outcome, log: lines.join('') };
    } finally {
      resetLogging();
    }
  }

  const desired = () => join(repositoryRoot, 'plans', 'pmg-8.toml');

  test('plan --no-simulate starts no master', async () => {
    const outcome = await runLogged(['plan', desired(), ...target, '--no-simulate']);

    assert.doesNotMatch(outcome.stderr, /^Error/m, outcome.stderr);
    assert.match(outcome.log, /cmd-\d+ start on /);
    assert.doesNotMatch(outcome.log, SHARED_CLOSE);
  });

  test('check starts no master', async () => {
    const outcome = await runLogged(['check', desired(), ...target]);

    assert.doesNotMatch(outcome.stderr, /^Error/m, outcome.stderr);
    assert.doesNotMatch(outcome.log, SHARED_CLOSE);
  });

  test('probe starts no master', async () => {
    const outcome = await runLogged(['probe', ...target]);

    assert.equal(outcome.status, 0, outcome.stderr);
    assert.doesNotMatch(outcome.log, SHARED_CLOSE);
  });

  test('plan with the simulation shares a connection', async () => {
    // The replay serves only the probe, so the simulation call fails; the
    // connection was shared all the same, and close() ends it.
    const outcome = await runLogged(['plan', desired(), ...target]);

    assert.match(outcome.log, /cmd-\d+ start on .*cmd-\d+ start on /s);
    assert.match(outcome.log, SHARED_CLOSE);
  });
});

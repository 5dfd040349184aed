import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { packageFile } from '../../../lib/config/schema-files.js';
import { pmg7Host } from '../../support/facts.js';
import { countingServer, run, tempDir, writeFacts } from './support.js';

const INVALID_MANY = packageFile('tests/fixtures/config/invalid-many.toml');

describe('cli desired-state errors', () => {
  for (const command of ['plan', 'check', 'graph', 'apply']) {
    test(`${command}: invalid TOML stops before the host`, async (t) => {
      const dir = await tempDir(t);
      const server = await countingServer(t);
      const desired = join(dir, 'broken.toml');
      await writeFile(desired, '[apt]\npmg_repository = "no-subscription\n');
      const argv = [command, desired, '--host', `root@127.0.0.1:${server.port}`];
      if (command === 'apply') {
        argv.push('--auto-approve');
      }
      const outcome = await run(argv);

      assert.equal(outcome.status, 1);
      assert.equal(outcome.stdout, '');
      assert.match(outcome.stderr, /^Error: The desired-state file is not valid TOML$/m);
      assert.match(outcome.stderr, new RegExp(`${desired}: line 2, column \\d+: `));
      assert.doesNotMatch(outcome.stderr, /Cannot reach|127\.0\.0\.1/);
      assert.equal(server.connections(), 0, 'no connection to the host');
    });
  }

  test('schema errors name every key path', async (t) => {
    const server = await countingServer(t);
    const outcome = await run(['plan', INVALID_MANY, '--host', `root@127.0.0.1:${server.port}`]);

    assert.equal(outcome.status, 1);
    assert.equal(outcome.stdout, '');
    assert.match(outcome.stderr, /^Error: Invalid desired state$/m);
    for (const key of ['release.codename', 'apt.pmg_repository', 'apt.pmg_repo', 'postgresql.port', 'services.running\\[2\\]']) {
      assert.match(outcome.stderr, new RegExp(`invalid-many\\.toml: ${key}: `), key);
    }
    assert.match(outcome.stderr, /found "trixie", expected "bookworm"/);
    assert.equal(server.connections(), 0, 'no connection to the host');
  });

  test('schema errors stop before facts are read', async (t) => {
    const dir = await tempDir(t);
    const facts = join(dir, 'missing.json');
    const outcome = await run(['plan', INVALID_MANY, '--facts', facts]);

    assert.equal(outcome.status, 1);
    assert.match(outcome.stderr, /^Error: Invalid desired state$/m);
    assert.doesNotMatch(outcome.stderr, /missing\.json/);
  });

  test('missing desired-state file names the path', async (t) => {
    const dir = await tempDir(t);
    const facts = await writeFacts(dir, 'pmg1.json', pmg7Host());
    const desired = join(dir, 'nowhere.toml');
    const outcome = await run(['plan', desired, '--facts', facts]);

    assert.equal(outcome.status, 1);
    assert.match(outcome.stderr, new RegExp(desired));
  });

  test('unreachable host fails after a valid desired state', async (t) => {
    const server = await countingServer(t);
    const outcome = await run(['plan', '--host', `root@127.0.0.1:${server.port}`, '--known-hosts', '/dev/null']);

    assert.equal(outcome.status, 1);
    assert.equal(outcome.stdout, '');
    assert.doesNotMatch(outcome.stderr, /desired state/i);
    assert.match(outcome.stderr, new RegExp(`127\\.0\\.0\\.1:${server.port}`));
    assert.ok(server.connections() > 0, 'the probe connected');
  });
});

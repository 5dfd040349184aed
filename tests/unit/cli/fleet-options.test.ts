/**
 * The command-line side of fleets: --parallelism is validated, an invalid
 * inventory is reported before any host is contacted, and hosts that
 * cannot be reached are named together.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { parseCommandLine } from '../../../lib/cli/args.js';
import { UserError } from '../../../lib/errors.js';
import { countingServer, run, tempDir } from './support.js';

describe('cli fleet options', () => {
  describe('--parallelism', () => {
    test('defaults to 32 for reading commands', () => {
      for (const command of ['plan', 'check', 'probe', 'graph']) {
        assert.equal(parseCommandLine([command, '--host', 'gw1']).options.parallelism, 32, command);
      }
    });

    test('defaults to 8 for apply', () => {
      assert.equal(parseCommandLine(['apply', '--host', 'gw1']).options.parallelism, 8);
    });

    test('accepts 1 to 256', () => {
      assert.equal(parseCommandLine(['apply', '--parallelism', '1']).options.parallelism, 1);
      assert.equal(parseCommandLine(['apply', '--parallelism=256']).options.parallelism, 256);
    });

    for (const value of ['0', '257', '-3', '2.5', 'eight', '']) {
      test(`rejects ${JSON.stringify(value)}`, () => {
        assert.throws(
          () => parseCommandLine(['plan', `--parallelism=${value}`]),
          (error: unknown) =>
            error instanceof UserError &&
            error.message === 'Invalid arguments for pmgup plan' &&
            error.detail.startsWith(`--parallelism ${JSON.stringify(value)} is not a whole number from 1 to 256.`),
        );
      });
    }

    test('--keep-going is off by default', () => {
      assert.equal(parseCommandLine(['apply']).options.keepGoing, false);
      assert.equal(parseCommandLine(['apply', '--keep-going']).options.keepGoing, true);
    });
  });

  describe('--inventory', () => {
    test('invalid inventory contacts no host', async (t) => {
      const server = await countingServer(t);
      const dir = await tempDir(t);
      const inventory = join(dir, 'inventory.toml');
      await writeFile(inventory, `[[host]]\naddress = "root@127.0.0.1:${server.port}"\n\n[[cluster]]\nname = "mx"\n`);
      const outcome = await run(['plan', '--inventory', inventory]);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stderr, /^Error: Invalid inventory$/m);
      assert.match(outcome.stderr, new RegExp(`${inventory}: cluster\\[0\\]: .*member`));
      assert.equal(server.connections(), 0);
    });

    test('unreachable hosts are named together', async (t) => {
      const first = await countingServer(t);
      const second = await countingServer(t);
      const dir = await tempDir(t);
      const inventory = join(dir, 'inventory.toml');
      await writeFile(inventory, [first, second].map((server) => `[[host]]\naddress = "root@127.0.0.1:${server.port}"\n`).join('\n'));
      const outcome = await run(['plan', '--inventory', inventory, '--ssh-option', 'StrictHostKeyChecking=no', '--ssh-option', `UserKnownHostsFile=${join(dir, 'known_hosts')}`]);

      assert.equal(outcome.status, 1);
      assert.match(outcome.stderr, /^Error: Cannot probe 2 of 2 hosts$/m);
      assert.match(outcome.stderr, new RegExp(`127\\.0\\.0\\.1:${first.port}: Cannot reach`));
      assert.match(outcome.stderr, new RegExp(`127\\.0\\.0\\.1:${second.port}: Cannot reach`));
      assert.ok(first.connections() >= 1);
      assert.ok(second.connections() >= 1);
    });
  });
});

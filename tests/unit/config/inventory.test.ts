import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { loadInventory, validateInventory } from '../../../lib/config/inventory.js';
import { parseTomlText, DEFAULT_DESIRED_STATE } from '../../../lib/config/load.js';
import { packageFile } from '../../../lib/config/schema-files.js';
import { FileKindError, InputError, UserError } from '../../../lib/errors.js';

function fromToml(text: string) {
  return validateInventory(parseTomlText(text, 'inventory.toml', 'inventory file'), 'inventory.toml');
}

/** Returns the `location: message` lines of the InputError `body` throws. */
function problemsOf(body: () => unknown): string[] {
  try {
    body();
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    return error.problems.map((problem) => `${problem.location}: ${problem.message}`);
  }
  assert.fail('no error was thrown');
}

describe('config/inventory', () => {
  describe('validateInventory()', () => {
    test('reads hosts, groups and clusters', () => {
      const inventory = fromToml(
        [
          '[[host]]',
          'address = "root@mail.example.org"',
          '',
          '[[host]]',
          'address = "admin@192.0.2.20:2222"',
          'name = "edge"',
          '',
          '[[group]]',
          'name = "branches"',
          'hosts = [{ address = "root@b1.example.org" }, { address = "root@b2.example.org:22" }]',
          '',
          '[[cluster]]',
          'name = "mx"',
          'member = "root@mx1.example.org"',
          'order = ["mx2"]',
          '',
          '[cluster.nodes.mx2]',
          'address = "root@mx2.example.org:2222"',
        ].join('\n'),
      );

      assert.deepEqual(inventory.hosts.map((host) => host.name), ['mail.example.org', 'edge']);
      assert.deepEqual(inventory.hosts[1]!.spec, { user: 'admin', host: '192.0.2.20', port: 2222 });
      assert.deepEqual(inventory.groups.map((group) => [group.name, group.hosts.map((host) => host.name)]), [['branches', ['b1.example.org', 'b2.example.org']]]);
      assert.equal(inventory.clusters[0]!.name, 'mx');
      assert.equal(inventory.clusters[0]!.member.address, 'root@mx1.example.org');
      assert.deepEqual(inventory.clusters[0]!.member.path, ['cluster', 0, 'member']);
      assert.deepEqual(inventory.clusters[0]!.order, ['mx2']);
      assert.equal(inventory.clusters[0]!.nodes.get('mx2')!.address, 'root@mx2.example.org:2222');
    });

    test('port other than 22 stays in the name', () => {
      const inventory = fromToml('[[host]]\naddress = "root@gw.example.org:2222"\n');

      assert.equal(inventory.hosts[0]!.name, 'gw.example.org:2222');
    });

    test('reports every schema problem at its key path', () => {
      const problems = problemsOf(() =>
        fromToml(['[[host]]', 'name = "a b"', '', '[[cluster]]', 'name = "mx"', 'order = "mx1"', 'colour = "red"'].join('\n')),
      );

      assert.ok(problems.some((line) => line.startsWith('host[0]') && /address/.test(line)), problems.join('\n'));
      assert.ok(problems.some((line) => line.startsWith('host[0].name:')), problems.join('\n'));
      assert.ok(problems.some((line) => line.startsWith('cluster[0]') && /member/.test(line)), problems.join('\n'));
      assert.ok(problems.some((line) => line.startsWith('cluster[0].order:')), problems.join('\n'));
      assert.ok(problems.some((line) => /colour/.test(line)), problems.join('\n'));
    });

    test('invalid address is located', () => {
      const problems = problemsOf(() => fromToml('[[group]]\nname = "g"\nhosts = [{ address = "root@-bad" }]\n'));

      assert.equal(problems.length, 1);
      assert.match(problems[0]!, /^group\[0\]\.hosts\[0\]\.address: "root@-bad" is not a valid address: /);
      assert.match(problems[0]!, /Use \[user@\]host\[:port\]\./);
    });

    test('repeated host and cluster names', () => {
      const problems = problemsOf(() =>
        fromToml(
          [
            '[[host]]',
            'address = "root@gw1"',
            '[[host]]',
            'address = "admin@gw1:22"',
            '[[group]]',
            'name = "mx"',
            'hosts = [{ address = "root@gw2" }]',
            '[[cluster]]',
            'name = "mx"',
            'member = "root@gw3"',
          ].join('\n'),
        ),
      );

      assert.deepEqual(problems.length, 2);
      assert.match(problems[0]!, /^host\[1\]: names the host "gw1" again, first named at host\[0\]/);
      assert.match(problems[1]!, /^cluster\[0\]\.name: names the group or cluster "mx" again, first named at group\[0\]\.name/);
    });

    test('empty inventory', () => {
      const problems = problemsOf(() => fromToml('# nothing yet\n'));

      assert.deepEqual(problems, ['(top level): names no host: add a [[host]], [[group]] or [[cluster]] entry']);
    });

    test('node names in order must be unique', () => {
      const problems = problemsOf(() => fromToml('[[cluster]]\nname = "mx"\nmember = "root@a"\norder = ["a", "a"]\n'));

      assert.ok(problems.some((line) => line.startsWith('cluster[0].order')), problems.join('\n'));
    });
  });

  describe('loadInventory()', () => {
    test('shipped example is valid', () => {
      const inventory = loadInventory(packageFile('examples/inventory.toml'));

      assert.ok(inventory.hosts.length + inventory.groups.length + inventory.clusters.length >= 3);
      assert.ok(inventory.clusters.length >= 1);
    });

    test('TOML syntax error names the inventory', async (t) => {
      const dir = await mkdtemp(join(tmpdir(), 'pmgup-inventory-'));
      t.after(() => rm(dir, { recursive: true, force: true }));
      const path = join(dir, 'broken.toml');
      await writeFile(path, '[[host]\naddress = 1\n');

      assert.throws(() => loadInventory(path), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.message, 'The inventory file is not valid TOML');
        assert.equal(error.problems[0]!.file, path);
        assert.match(error.problems[0]!.location, /^line 1, column \d+$/);
        return true;
      });
    });

    test('missing file names the option', () => {
      assert.throws(() => loadInventory('/nonexistent/inventory.toml'), (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.equal(error.message, 'Cannot read the inventory file');
        assert.match(error.detail, /^\/nonexistent\/inventory\.toml: no such file\. Check the path\./);
        return true;
      });
    });

    test('desired state is named as one', () => {
      assert.throws(() => loadInventory(DEFAULT_DESIRED_STATE), (error: unknown) => {
        assert.ok(error instanceof FileKindError);
        assert.equal(error.message, `${DEFAULT_DESIRED_STATE} is a desired-state file, not an inventory`);
        return true;
      });
    });
  });
});

import assert from 'node:assert/strict';
import { copyFile, link, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { packageFile } from '../../../lib/config/schema-files.js';
import { pmg7Host } from '../../support/facts.js';
import { countingServer, run, tempDir, writeFacts, type RunOutcome } from './support.js';

const SHIPPED = packageFile('plans/pmg-8.toml');

/** Asserts that the command was rejected for --out and wrote nothing. */
function assertRejected(outcome: RunOutcome, role: string, path: string): void {
  assert.equal(outcome.status, 1);
  assert.equal(outcome.stdout, '');
  assert.match(outcome.stderr, new RegExp(`^Error: --out .+ is ${role} of this command$`, 'm'));
  assert.ok(outcome.stderr.includes(`${role} ${path} are the same file`), outcome.stderr);
  assert.match(outcome.stderr, /Choose another file for --out\./);
}

describe('cli --out over an input', () => {
  test('plan rejects --out of its facts', async (t) => {
    const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
    const before = await readFile(facts, 'utf8');
    const outcome = await run(['plan', '--facts', facts, '--out', facts]);

    assertRejected(outcome, 'the --facts file', facts);
    assert.equal(await readFile(facts, 'utf8'), before, 'the facts are unchanged');
  });

  test('plan rejects --out of the desired state', async (t) => {
    const dir = await tempDir(t);
    const facts = await writeFacts(dir, 'pmg1.json', pmg7Host());
    const desired = join(dir, 'desired.toml');
    await copyFile(SHIPPED, desired);
    const outcome = await run(['plan', desired, '--facts', facts, '--out', desired]);

    assertRejected(outcome, 'the desired-state file', desired);
    assert.equal(await readFile(desired, 'utf8'), await readFile(SHIPPED, 'utf8'));
  });

  test('plan rejects --out of the shipped desired state', async (t) => {
    const facts = await writeFacts(await tempDir(t), 'pmg1.json', pmg7Host());
    const outcome = await run(['plan', '--facts', facts, '--out', SHIPPED]);

    assertRejected(outcome, 'the desired-state file', SHIPPED);
  });

  test('plan rejects a later --facts file', async (t) => {
    const dir = await tempDir(t);
    const first = await writeFacts(dir, 'a.json', pmg7Host());
    const second = await writeFacts(dir, 'b.json', pmg7Host());
    const outcome = await run(['plan', '--facts', first, '--facts', second, '--out', second]);

    assertRejected(outcome, 'the --facts file', second);
  });

  test('plan rejects a symlink to its facts', async (t) => {
    const dir = await tempDir(t);
    const facts = await writeFacts(dir, 'pmg1.json', pmg7Host());
    const alias = join(dir, 'alias.json');
    await symlink(facts, alias);
    const outcome = await run(['plan', '--facts', facts, '--out', alias]);

    assertRejected(outcome, 'the --facts file', facts);
  });

  test('plan rejects facts read through a symlink', async (t) => {
    const dir = await tempDir(t);
    const facts = await writeFacts(dir, 'pmg1.json', pmg7Host());
    const alias = join(dir, 'alias.json');
    await symlink(facts, alias);
    const outcome = await run(['plan', '--facts', alias, '--out', facts]);

    assertRejected(outcome, 'the --facts file', alias);
  });

  test('plan rejects a path through a linked folder', async (t) => {
    const dir = await tempDir(t);
    await mkdir(join(dir, 'real'));
    const facts = await writeFacts(join(dir, 'real'), 'pmg1.json', pmg7Host());
    await symlink(join(dir, 'real'), join(dir, 'linked'));
    const outcome = await run(['plan', '--facts', facts, '--out', join(dir, 'linked', 'pmg1.json')]);

    assertRejected(outcome, 'the --facts file', facts);
  });

  test('plan rejects a hard link to its facts', async (t) => {
    const dir = await tempDir(t);
    const facts = await writeFacts(dir, 'pmg1.json', pmg7Host());
    const other = join(dir, 'other.json');
    await link(facts, other);
    const outcome = await run(['plan', '--facts', facts, '--out', other]);

    assertRejected(outcome, 'the --facts file', facts);
  });

  test('plan rejects --out of the inventory before any host', async (t) => {
    const dir = await tempDir(t);
    const server = await countingServer(t);
    const inventory = join(dir, 'inventory.toml');
    const text = `[[host]]\nname = "gw1"\naddress = "root@127.0.0.1:${server.port}"\n`;
    await writeFile(inventory, text);
    const outcome = await run(['plan', '--inventory', inventory, '--out', inventory]);

    assertRejected(outcome, 'the --inventory file', inventory);
    assert.equal(await readFile(inventory, 'utf8'), text);
    assert.equal(server.connections(), 0, 'no connection to the host');
  });

  test('plan rejects --out of the ssh key', async (t) => {
    const dir = await tempDir(t);
    const server = await countingServer(t);
    const key = join(dir, 'id_ed25519');
    await writeFile(key, 'not a key\n');
    const outcome = await run(['plan', '--host', `root@127.0.0.1:${server.port}`, '--identity-file', key, '--out', key]);

    assertRejected(outcome, 'the --identity-file key', key);
    assert.equal(server.connections(), 0, 'no connection to the host');
  });

  test('probe --simulate rejects --out of its desired state', async (t) => {
    const dir = await tempDir(t);
    const server = await countingServer(t);
    const desired = join(dir, 'desired.toml');
    await copyFile(SHIPPED, desired);
    const outcome = await run(['probe', desired, '--simulate', '--host', `root@127.0.0.1:${server.port}`, '--out', desired]);

    assertRejected(outcome, 'the desired-state file', desired);
    assert.equal(await readFile(desired, 'utf8'), await readFile(SHIPPED, 'utf8'));
    assert.equal(server.connections(), 0, 'no connection to the host');
  });

  test('a rejected plan leaves no file behind', async (t) => {
    const dir = await tempDir(t);
    const facts = await writeFacts(dir, 'pmg1.json', pmg7Host());
    await run(['plan', '--facts', facts, '--out', facts]);

    assert.deepEqual(await readdir(dir), ['pmg1.json']);
  });
});

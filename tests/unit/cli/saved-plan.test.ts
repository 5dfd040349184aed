import assert from 'node:assert/strict';
import { copyFile, cp, mkdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';

import { DEFAULT_DESIRED_STATE } from '../../../lib/config/load.js';
import { pmg7Host } from '../../support/facts.js';
import { run, tempDir, writeFacts } from './support.js';

describe('cli saved plans', () => {
  test('--out records the path from the plan folder', async (t) => {
    const repo = join(await tempDir(t), 'repo');
    await mkdir(join(repo, 'plans'), { recursive: true });
    const desired = join(repo, 'gw.toml');
    await copyFile(DEFAULT_DESIRED_STATE, desired);
    const facts = await writeFacts(repo, 'pmg1.json', pmg7Host());
    const planFile = join(repo, 'plans', 'gw.plan.json');

    const planned = await run(['plan', desired, '--facts', facts, '--out', planFile]);
    const saved = JSON.parse(await readFile(planFile, 'utf8')) as { formatVersion: number; desiredState: unknown };

    assert.equal(planned.status, 0, planned.stderr);
    assert.equal(saved.formatVersion, 2);
    assert.deepEqual(Object.keys(saved.desiredState as object), ['relativeTo', 'path', 'sha256']);
    assert.equal((saved.desiredState as { path: string }).path, '../gw.toml');
  });

  test('--json without --out records the path from here', async (t) => {
    const dir = await tempDir(t);
    const desired = join(dir, 'gw.toml');
    await copyFile(DEFAULT_DESIRED_STATE, desired);
    const facts = await writeFacts(dir, 'pmg1.json', pmg7Host());

    const planned = await run(['plan', desired, '--facts', facts, '--json']);
    const printed = JSON.parse(planned.stdout) as { desiredState: { relativeTo: string; path: string } };

    assert.equal(printed.desiredState.relativeTo, 'plan-file');
    assert.equal(printed.desiredState.path, relative(process.cwd(), desired));
  });

  test('shipped desired state is named by pmgup', async (t) => {
    const dir = await tempDir(t);
    const facts = await writeFacts(dir, 'pmg1.json', pmg7Host());
    const planFile = join(dir, 'gw.plan.json');

    await run(['plan', '--facts', facts, '--out', planFile]);
    const saved = JSON.parse(await readFile(planFile, 'utf8')) as { desiredState: { relativeTo: string; path: string } };

    assert.equal(saved.desiredState.relativeTo, 'pmgup');
    assert.equal(saved.desiredState.path, 'plans/pmg-8.toml');
  });

  test('copied repository finds its desired state', async (t) => {
    const root = await tempDir(t);
    const alice = join(root, 'alice', 'repo');
    await mkdir(join(alice, 'plans'), { recursive: true });
    await copyFile(DEFAULT_DESIRED_STATE, join(alice, 'gw.toml'));
    const facts = await writeFacts(alice, 'pmg1.json', pmg7Host());
    await run(['plan', join(alice, 'gw.toml'), '--facts', facts, '--out', join(alice, 'plans', 'gw.plan.json')]);
    const bob = join(root, 'bob', 'repo');
    await cp(alice, bob, { recursive: true });
    await rm(join(root, 'alice'), { recursive: true });

    const outcome = await run(['apply', join(bob, 'plans', 'gw.plan.json')]);

    // Recorded facts cannot be applied to, and apply checks that only after it read the desired state.
    assert.equal(outcome.status, 1);
    assert.doesNotMatch(outcome.stderr, /Cannot read the desired-state file/);
    assert.match(outcome.stderr, /^Error: Cannot apply to pmg1: the plan was made from recorded facts$/m);
  });

  test('plan without its desired state names the fix', async (t) => {
    const root = await tempDir(t);
    await copyFile(DEFAULT_DESIRED_STATE, join(root, 'gw.toml'));
    const facts = await writeFacts(root, 'pmg1.json', pmg7Host());
    const planFile = join(root, 'gw.plan.json');
    await run(['plan', join(root, 'gw.toml'), '--facts', facts, '--out', planFile]);
    await rm(join(root, 'gw.toml'));

    const outcome = await run(['apply', planFile]);

    assert.equal(outcome.status, 1);
    assert.match(outcome.stderr, /^Error: Cannot read the desired-state file the plan was made from$/m);
    assert.ok(outcome.stderr.includes(`${planFile} records the desired-state file "gw.toml" relative to its own folder, which is ${join(root, 'gw.toml')}: no such file.`), outcome.stderr);
  });
});

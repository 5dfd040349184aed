import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { loadInventory } from '../../../lib/config/inventory.js';
import { DEFAULT_DESIRED_STATE, loadDesiredState } from '../../../lib/config/load.js';
import { packageFile } from '../../../lib/config/schema-files.js';
import { FileKindError, InputError, type InputFileKind } from '../../../lib/errors.js';
import { loadPlan, savePlan } from '../../../lib/planfile/io.js';
import { serializePlan } from '../../../lib/planfile/serialize.js';
import { loadFacts } from '../../../lib/probe/recorded.js';
import { clone, pmg7Host } from '../../support/facts.js';
import { fullPlan } from '../planfile/sample-plan.js';

type Loader = (path: string, command?: string) => Promise<unknown>;

const LOADERS: Record<InputFileKind, Loader> = {
  'desired-state': loadDesiredState,
  inventory: async (path, command) => loadInventory(path, command),
  facts: loadFacts,
  plan: loadPlan,
};

const KINDS = Object.keys(LOADERS) as InputFileKind[];

/** What the evidence of each kind must mention. */
const EVIDENCE: Record<InputFileKind, RegExp> = {
  'desired-state': /^Its top-level keys .* are keys of a desired state/,
  inventory: /^Its top-level keys host, group and cluster are keys of an inventory/,
  facts: /^It has factsVersion, which facts files written by `pmgup probe --out` carry\.$/,
  plan: /^It has formatVersion and actions, which plans saved by `pmgup plan --out` carry\.$/,
};

const NOUNS: Record<InputFileKind, string> = {
  'desired-state': 'a desired-state file',
  inventory: 'an inventory',
  facts: 'a facts file',
  plan: 'a saved plan',
};

let dir: string;
const files = {} as Record<InputFileKind, string>;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmgup-file-kind-'));
  files['desired-state'] = DEFAULT_DESIRED_STATE;
  files.inventory = packageFile('examples/inventory.toml');
  files.facts = packageFile('examples/pmg7-plain.facts.json');
  files.plan = join(dir, 'gw.plan.json');
  await savePlan(fullPlan(), files.plan);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);

  return path;
}

/** Returns the error `load` raises for `path`. */
async function failure(load: Loader, path: string): Promise<unknown> {
  try {
    await load(path);
  } catch (error) {
    return error;
  }

  return assert.fail(`${path} was accepted`);
}

/** Returns the InputError, and never a FileKindError, that `load` raises for `path`. */
async function inputError(load: Loader, path: string): Promise<InputError> {
  const error = await failure(load, path);
  assert.ok(!(error instanceof FileKindError), `expected no FileKindError, got ${String(error)}`);
  assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);

  return error;
}

describe('loaders and file kinds', () => {
  describe('file of another kind', () => {
    for (const expected of KINDS) {
      for (const actual of KINDS.filter((kind) => kind !== expected)) {
        test(`${actual} given as ${expected}`, async () => {
          const error = await failure(LOADERS[expected], files[actual]);

          assert.ok(error instanceof FileKindError, `expected a FileKindError, got ${String(error)}`);
          assert.equal(error.expected, expected);
          assert.equal(error.found, actual);
          assert.equal(error.message, `${files[actual]} is ${NOUNS[actual]}, not ${NOUNS[expected]}`);
          assert.match(error.detail.split('\n')[0]!, EVIDENCE[actual]);
          assert.ok(error.detail.includes(files[actual]), error.detail);
        });
      }
    }

    test('command reaches the fix', async () => {
      const error = await LOADERS.plan(files.facts, 'apply').catch((caught: unknown) => caught);

      assert.ok(error instanceof FileKindError);
      assert.match(error.detail, /pmgup apply needs a live host/);
    });
  });

  describe('own kind with a mistake', () => {
    test('desired state keeps its key path', async () => {
      const error = await inputError(loadDesiredState, await write('bad.toml', '[apt]\npmg_repository = "nope"\n'));

      assert.equal(error.message, 'Invalid desired state');
      assert.equal(error.problems[0]!.location, 'apt.pmg_repository');
    });

    test('inventory keeps its key path', async () => {
      const error = await inputError(LOADERS.inventory, await write('bad-inventory.toml', '[[host]]\nname = "gw"\n'));

      assert.equal(error.message, 'Invalid inventory');
      assert.equal(error.problems[0]!.location, 'host[0]');
      assert.match(error.problems[0]!.message, /address/);
    });

    test('facts keep the version problem', async () => {
      const error = await inputError(loadFacts, await write('v2.json', JSON.stringify({ ...pmg7Host(), factsVersion: 2 })));

      assert.match(error.message, /has an unsupported format$/);
      assert.match(error.problems[0]!.message, /^factsVersion is 2/);
    });

    test('facts keep their schema problems', async () => {
      const facts = clone(pmg7Host()) as unknown as { os: { codename: unknown } };
      facts.os.codename = 11;
      const error = await inputError(loadFacts, await write('bad-facts.json', JSON.stringify(facts)));

      assert.match(error.message, /is invalid$/);
      assert.equal(error.problems[0]!.location, '/os/codename');
    });

    test('plan keeps its schema problems', async () => {
      const plan = JSON.parse(serializePlan(fullPlan())) as { actions: { step: unknown }[] };
      plan.actions[3]!.step = { kind: 'run', command: 'rm -rf /' };
      const error = await inputError(loadPlan, await write('bad.plan.json', JSON.stringify(plan)));

      assert.equal(error.message, 'Invalid plan file');
      assert.equal(error.problems[0]!.location, '/actions/3/step/kind');
    });

    test('truncated plan keeps its syntax error', async () => {
      const text = await readFile(files.plan, 'utf8');
      const error = await inputError(loadPlan, await write('cut.plan.json', text.slice(0, 200)));

      assert.equal(error.message, 'The plan file is not valid JSON');
    });
  });

  describe('unknown file', () => {
    test('JSON of no kind stays invalid TOML', async () => {
      const path = await write('other.json', '{"hello": 1}');

      assert.equal((await inputError(loadDesiredState, path)).message, 'The desired-state file is not valid TOML');
      assert.equal((await inputError(LOADERS.inventory, path)).message, 'The inventory file is not valid TOML');
    });

    test('TOML of no kind stays invalid JSON', async () => {
      const path = await write('other.toml', 'title = "x"\n');

      assert.equal((await inputError(loadPlan, path)).message, 'The plan file is not valid JSON');
      assert.equal((await inputError(loadFacts, path)).message, `Facts file ${path} is not valid JSON`);
    });

    test('keys of both TOML kinds stay unknown', async () => {
      const path = await write('mixed.toml', '[[host]]\naddress = "root@gw"\n\n[apt]\npmg_repository = "test"\n');

      assert.equal((await inputError(loadDesiredState, path)).message, 'Invalid desired state');
      assert.equal((await inputError(LOADERS.inventory, path)).message, 'Invalid inventory');
      assert.equal((await inputError(loadPlan, path)).message, 'The plan file is not valid JSON');
    });

    test('facts and plan keys at once stay unknown', async () => {
      const path = await write('both.json', JSON.stringify({ factsVersion: 1, formatVersion: 2, actions: [] }));

      assert.equal((await inputError(loadPlan, path)).message, 'Invalid plan file');
      assert.match((await inputError(loadFacts, path)).message, /is invalid$/);
      assert.equal((await inputError(loadDesiredState, path)).message, 'The desired-state file is not valid TOML');
    });
  });
});

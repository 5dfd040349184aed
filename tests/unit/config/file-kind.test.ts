import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { fileKindError, withKindCheck } from '../../../lib/config/file-kind-error.js';
import {
  DESIRED_STATE_KEYS,
  INVENTORY_KEYS,
  MAX_TOML_RECOGNITION_LENGTH,
  recognizeJsonData,
  recognizeJsonText,
  recognizeTomlData,
  recognizeTomlText,
} from '../../../lib/config/file-kind.js';
import { MAX_INVENTORY_BYTES } from '../../../lib/config/inventory.js';
import { MAX_DESIRED_STATE_BYTES } from '../../../lib/config/load.js';
import { readSchema } from '../../../lib/config/schema-files.js';
import { FileKindError, InputError, UserError } from '../../../lib/errors.js';

const FACTS = { kind: 'facts', evidence: 'It has factsVersion.' } as const;
const PLAN = { kind: 'plan', evidence: 'It has formatVersion and actions.' } as const;

function invalid(): InputError {
  return new InputError('Invalid thing', [{ file: 'f', location: 'x', message: 'bad' }], 'Fix it.');
}

describe('config/file-kind', () => {
  describe('recognizeJsonData()', () => {
    test('factsVersion means facts', () => {
      assert.equal(recognizeJsonData({ factsVersion: 7, os: {} })?.kind, 'facts');
    });

    test('formatVersion and actions mean a plan', () => {
      assert.equal(recognizeJsonData({ formatVersion: 2, actions: [] })?.kind, 'plan');
    });

    test('formatVersion alone is not a plan', () => {
      assert.equal(recognizeJsonData({ formatVersion: 2 }), undefined);
    });

    test('both kinds at once are unknown', () => {
      assert.equal(recognizeJsonData({ factsVersion: 1, formatVersion: 2, actions: [] }), undefined);
    });

    test('non-objects are unknown', () => {
      for (const data of [null, 1, 'factsVersion', [{ factsVersion: 1 }]]) {
        assert.equal(recognizeJsonData(data), undefined, JSON.stringify(data));
      }
    });

    test('evidence names the key and its writer', () => {
      assert.match(recognizeJsonData({ factsVersion: 1 })!.evidence, /factsVersion.*pmgup probe --out/);
      assert.match(recognizeJsonData({ formatVersion: 1, actions: [] })!.evidence, /formatVersion and actions.*pmgup plan --out/);
    });
  });

  describe('recognizeTomlData()', () => {
    test('inventory tables mean an inventory', () => {
      const found = recognizeTomlData({ cluster: [{ name: 'mx' }], host: [] });

      assert.equal(found?.kind, 'inventory');
      assert.equal(found?.evidence, 'Its top-level keys cluster and host are keys of an inventory (schema/inventory.schema.json).');
    });

    test('desired-state tables mean a desired state', () => {
      const found = recognizeTomlData({ apt: {} });

      assert.equal(found?.kind, 'desired-state');
      assert.equal(found?.evidence, 'Its top-level key apt is a key of a desired state (schema/desired-state.schema.json).');
    });

    test('keys of both schemas are unknown', () => {
      assert.equal(recognizeTomlData({ host: [], apt: {} }), undefined);
    });

    test('one unknown key makes the file unknown', () => {
      assert.equal(recognizeTomlData({ host: [], hosts: [] }), undefined);
      assert.equal(recognizeTomlData({ apt: {}, aptt: {} }), undefined);
    });

    test('empty document is unknown', () => {
      assert.equal(recognizeTomlData({}), undefined);
    });

    test('key lists match the schemas', () => {
      assert.deepEqual(INVENTORY_KEYS, Object.keys(readSchema('inventory.schema.json').properties as object));
      assert.deepEqual(DESIRED_STATE_KEYS, Object.keys(readSchema('desired-state.schema.json').properties as object));
    });

    test('key lists share no key', () => {
      assert.deepEqual(INVENTORY_KEYS.filter((key) => DESIRED_STATE_KEYS.includes(key)), []);
    });
  });

  describe('recognizeJsonText()', () => {
    test('parses JSON text', () => {
      assert.equal(recognizeJsonText('{"factsVersion": 1}')?.kind, 'facts');
    });

    test('text that is not JSON is unknown', () => {
      assert.equal(recognizeJsonText('[[host]]\naddress = "a"\n'), undefined);
      assert.equal(recognizeJsonText('{"factsVersion": 1'), undefined);
    });
  });

  describe('recognizeTomlText()', () => {
    test('parses TOML text', () => {
      assert.equal(recognizeTomlText('[[host]]\naddress = "a"\n')?.kind, 'inventory');
    });

    test('text that is not TOML is unknown', () => {
      assert.equal(recognizeTomlText('{"factsVersion": 1}'), undefined);
      assert.equal(recognizeTomlText('[[host]\n'), undefined);
    });

    test('text over the limit is not parsed', () => {
      const inventory = '[[host]]\naddress = "a"\n';
      const atLimit = inventory + '#'.repeat(MAX_TOML_RECOGNITION_LENGTH - inventory.length);

      assert.equal(recognizeTomlText(atLimit)?.kind, 'inventory');
      assert.equal(recognizeTomlText(`${atLimit}\n`), undefined);
    });

    test('limit covers both TOML loaders', () => {
      assert.ok(MAX_TOML_RECOGNITION_LENGTH >= MAX_DESIRED_STATE_BYTES);
      assert.ok(MAX_TOML_RECOGNITION_LENGTH >= MAX_INVENTORY_BYTES);
    });
  });

  describe('withKindCheck()', () => {
    const use = { path: 'gw.json', expected: 'plan', command: 'show' } as const;

    test('returns what the stage returns', () => {
      assert.equal(withKindCheck(use, () => FACTS, () => 42), 42);
    });

    test('other kind replaces the InputError', () => {
      assert.throws(
        () => withKindCheck(use, () => FACTS, () => { throw invalid(); }),
        (error: unknown) => error instanceof FileKindError && error.expected === 'plan' && error.found === 'facts',
      );
    });

    test('own kind keeps the InputError', () => {
      const original = invalid();

      assert.throws(() => withKindCheck(use, () => PLAN, () => { throw original; }), (error: unknown) => error === original);
    });

    test('unknown kind keeps the InputError', () => {
      const original = invalid();

      assert.throws(() => withKindCheck(use, () => undefined, () => { throw original; }), (error: unknown) => error === original);
    });

    test('other errors are not recognized', () => {
      const original = new UserError('Cannot read', 'detail');
      let recognizeCalled = false;
      const recognize = () => {
        recognizeCalled = true;
        return FACTS;
      };

      assert.throws(() => withKindCheck(use, recognize, () => { throw original; }), (error: unknown) => error === original);
      assert.equal(recognizeCalled, false);
    });
  });

  describe('fileKindError()', () => {
    test('title names path and both kinds', () => {
      const error = fileKindError({ path: 'gw.json', expected: 'plan', command: 'show' }, FACTS);

      assert.equal(error.message, 'gw.json is a facts file, not a saved plan');
      assert.equal(error.path, 'gw.json');
    });

    test('detail gives evidence, then the fix', () => {
      const error = fileKindError({ path: 'gw.json', expected: 'plan', command: 'show' }, FACTS);

      assert.deepEqual(error.detail.split('\n'), ['It has factsVersion.', 'Give it with --facts: pmgup plan --facts gw.json']);
    });

    test('facts for apply point to plan --facts', () => {
      const error = fileKindError({ path: 'gw.json', expected: 'plan', command: 'apply' }, FACTS);

      assert.match(error.detail, /^pmgup apply needs a live host, so it does not take recorded facts\.$/m);
      assert.match(error.detail, /^See the plan they give with: pmgup plan --facts gw\.json$/m);
    });

    test('fix keeps a command that takes the kind', () => {
      const inventory = { kind: 'inventory', evidence: 'e' } as const;

      assert.match(fileKindError({ path: 'i.toml', expected: 'desired-state', command: 'check' }, inventory).detail, /pmgup check --inventory i\.toml$/);
      assert.match(fileKindError({ path: 'i.toml', expected: 'plan', command: 'show' }, inventory).detail, /pmgup plan --inventory i\.toml$/);
      assert.match(fileKindError({ path: 'i.toml', expected: 'plan' }, inventory).detail, /pmgup plan --inventory i\.toml$/);
    });

    test('desired state goes first', () => {
      const desired = { kind: 'desired-state', evidence: 'e' } as const;
      const error = fileKindError({ path: 'gw.toml', expected: 'facts', command: 'graph' }, desired);

      assert.match(error.detail, /^Give it as the first argument, before the target: pmgup graph gw\.toml --host HOST$/m);
    });

    test('plan is shown or applied', () => {
      const error = fileKindError({ path: 'gw.json', expected: 'facts', command: 'plan' }, PLAN);

      assert.match(error.detail, /^Show it with: pmgup show gw\.json$/m);
      assert.match(error.detail, /^Apply it with: pmgup apply gw\.json$/m);
    });

    test('plan named .toml is renamed first', () => {
      const error = fileKindError({ path: 'gw.plan.toml', expected: 'desired-state', command: 'apply' }, PLAN);

      assert.match(error.detail, /^Rename it to gw\.plan\.json, because apply and graph read a file named \*\.toml as a desired state\.$/m);
      assert.match(error.detail, /^Give it as the only argument: pmgup apply gw\.plan\.json$/m);
    });

    test('path with spaces is quoted', () => {
      const error = fileKindError({ path: "my gw's.json", expected: 'plan', command: 'show' }, FACTS);

      assert.match(error.detail, /pmgup plan --facts 'my gw'\\''s\.json'$/);
    });
  });
});

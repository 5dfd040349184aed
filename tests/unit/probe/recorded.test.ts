import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { InputError, InternalError, UserError } from '../../../lib/errors.js';
import { parseProbeOutput } from '../../../lib/probe/assemble.js';
import { loadFacts, saveFacts } from '../../../lib/probe/recorded.js';
import { clone, pmg7Host } from '../../support/facts.js';
import { fixture, RECORDED_NONCE } from './helpers.js';

const folder = mkdtempSync(join(tmpdir(), 'pmgup-facts-'));

function writeJson(name: string, value: unknown): string {
  const path = join(folder, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));

  return path;
}

async function inputError(path: string): Promise<InputError> {
  try {
    await loadFacts(path);
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    return error;
  }

  return assert.fail(`expected ${path} to be rejected`);
}

describe('recorded', () => {
  describe('saveFacts() and loadFacts()', () => {
    test('probed facts survive a round trip', async () => {
      const facts = parseProbeOutput(fixture('bookworm/probe-run.txt'), RECORDED_NONCE, 'local');
      const path = join(folder, 'local.facts.json');
      await saveFacts(facts, path);

      assert.deepEqual(await loadFacts(path), facts);
      assert.ok(readFileSync(path, 'utf8').endsWith('}\n'));
    });

    test('hand-built test facts match the schema', async () => {
      const path = join(folder, 'pmg7.facts.json');
      await saveFacts(pmg7Host(), path);

      assert.deepEqual(await loadFacts(path), pmg7Host());
    });

    test('saving invalid facts is a bug', async () => {
      const facts = clone(pmg7Host()) as unknown as Record<string, unknown>;
      delete facts.kernel;

      await assert.rejects(saveFacts(facts as never, join(folder, 'bad.json')), InternalError);
    });
  });

  describe('loadFacts()', () => {
    test('missing file says how to record one', async () => {
      await assert.rejects(loadFacts(join(folder, 'nope.json')), (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.match(error.detail, /: no such file\. Check the path\./);
        assert.match(error.detail, /pmgup probe/);
        return true;
      });
    });

    test('a directory is named as one', async () => {
      await assert.rejects(loadFacts(folder), (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.equal(error.message, `Facts file ${folder} is a directory`);
        return true;
      });
    });

    test('invalid JSON is located by line and column', async () => {
      const error = await inputError(writeJson('broken.json', '{\n  "factsVersion": 1,\n  oops\n}'));

      assert.match(error.problems[0].location, /^line 3, column \d+$/);
    });

    test('other facts version is named', async () => {
      await assert.rejects(loadFacts(writeJson('v2.json', { ...pmg7Host(), factsVersion: 2 })), (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.match(error.detail, /factsVersion is 2/);
        assert.match(error.detail, /reads version 1/);
        return true;
      });
    });

    test('every schema problem is located', async () => {
      const facts = clone(pmg7Host()) as unknown as Record<string, any>;
      facts.os.codename = 11;
      facts.packages['pmg-api'].status = 'sort-of';
      facts.mailQueueCount = 'many';
      delete facts.kernel.release;
      facts.extra = true;
      const error = await inputError(writeJson('invalid.json', facts));
      const byLocation = new Map(error.problems.map((problem) => [problem.location, problem.message]));

      assert.match(byLocation.get('/os/codename') ?? '', /must be string, found 11/);
      assert.match(byLocation.get('/packages/pmg-api/status') ?? '', /must be one of .*"installed".*, found "sort-of"/);
      assert.match(byLocation.get('/mailQueueCount') ?? '', /must be integer or null, found "many"/);
      assert.equal(byLocation.get('/kernel/release'), 'is missing');
      assert.match(byLocation.get('/extra') ?? '', /not a known key/);
    });

    test('null where the schema allows it passes', async () => {
      const facts = clone(pmg7Host());
      facts.pmg.pmgConf = null;
      facts.pmgup.lock = null;

      assert.equal((await loadFacts(writeJson('nulls.json', facts))).pmg.pmgConf, null);
    });
  });
});

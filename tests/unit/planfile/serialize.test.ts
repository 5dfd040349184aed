/**
 * Serialization tests. The golden file tests/fixtures/planfile/small-plan.json
 * is the expected text of `smallPlan()`. After an intended format change,
 * regenerate it with
 *   npx tsc -p . && UPDATE_GOLDEN=1 node --test dist/tests/unit/planfile/serialize.test.js
 * and review the diff before committing it.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

import { packageFile, readSchema, type SchemaNode } from '../../../lib/config/schema-files.js';
import { parsePlan } from '../../../lib/planfile/parse.js';
import { serializePlan } from '../../../lib/planfile/serialize.js';
import { everyStep, fullPlan, smallPlan } from './sample-plan.js';

const GOLDEN = packageFile('tests/fixtures/planfile/small-plan.json');

describe('planfile/serialize', () => {
  describe('serializePlan()', () => {
    test('sample covers every step kind', () => {
      const schema = readSchema('plan.schema.json');
      const defs = schema.$defs as Record<string, SchemaNode>;
      const kinds = (defs.step!.oneOf as { $ref: string }[]).map((branch) => {
        const name = branch.$ref.replace('#/$defs/', '');

        return (defs[name]!.properties as Record<string, SchemaNode>).kind!.const as string;
      });

      assert.deepEqual([...new Set(everyStep().map((s) => s.kind))].sort(), [...kinds].sort());
    });

    test('round trip keeps every step', () => {
      const plan = fullPlan();
      const text = serializePlan(plan);

      assert.deepEqual(parsePlan(text, 'plan.json'), plan);
    });

    test('same plan gives the same bytes', () => {
      const first = serializePlan(fullPlan());
      const second = serializePlan(parsePlan(first, 'plan.json'));

      assert.equal(second, first);
      assert.equal(serializePlan(fullPlan()), first);
    });

    test('key order does not depend on insertion order', () => {
      const plan = fullPlan();
      const reversed = JSON.parse(JSON.stringify(plan), (_key, value: unknown) =>
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).reverse())
          : value,
      ) as typeof plan;

      assert.equal(serializePlan(reversed), serializePlan(plan));
    });

    test('keys follow the schema order', () => {
      const text = serializePlan(smallPlan());
      const parsed = JSON.parse(text) as Record<string, unknown> & {
        actions: Record<string, unknown>[];
        hosts: Record<string, unknown>[];
      };

      assert.deepEqual(Object.keys(parsed), [
        'formatVersion',
        'tool',
        'createdAt',
        'desiredState',
        'hosts',
        'actions',
        'diagnostics',
        'errored',
        'applyable',
        'digest',
      ]);
      assert.deepEqual(Object.keys(parsed.actions[0]!), [
        'id',
        'host',
        'reason',
        'changes',
        'dependsOn',
        'downtime',
        'destructive',
        'fileDiffs',
        'fingerprintKeys',
        'step',
      ]);
      assert.deepEqual(Object.keys(parsed.hosts[0]!.fingerprints as object), [
        'os.codename',
        'units[postfix.service]',
      ]);
      assert.deepEqual(Object.keys(parsed.actions[2]!.step as object), ['kind', 'units', 'mask']);
    });

    test('apt edits keep the schema order per op', () => {
      const text = serializePlan(fullPlan());

      assert.match(
        text,
        /"op": "replace-suite",\n\s+"line": 1,\n\s+"from": "bullseye",\n\s+"to": "bookworm"/,
      );
      assert.match(
        text,
        /"op": "append-entry",\n\s+"uri": "[^"]+",\n\s+"suite": "bookworm",\n\s+"components": \[/,
      );
    });

    test('output is indented JSON with a trailing newline', () => {
      const text = serializePlan(smallPlan());

      assert.ok(text.endsWith('}\n'));
      assert.ok(!text.endsWith('\n\n'));
      assert.match(text, /^\{\n {2}"formatVersion": 2,\n/);
      assert.match(text, /\n {4}\{\n {6}"id": "pmg1\/backup-0",\n/);
    });

    test('matches the golden file', async () => {
      const text = serializePlan(smallPlan());
      if (process.env.UPDATE_GOLDEN === '1') {
        await writeFile(GOLDEN, text);
      }

      const golden = await readFile(GOLDEN, 'utf8');
      assert.equal(
        text,
        golden,
        'serialization changed: see the header of this test file to regenerate the golden file',
      );
    });
  });
});

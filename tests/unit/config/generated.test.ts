import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { packageFile, readSchema, type SchemaNode } from '../../../lib/config/schema-files.js';

interface Generator {
  generateAll(): Promise<{ output: string; text: string }[]>;
}

async function loadGenerator(): Promise<Generator> {
  return (await import(pathToFileURL(packageFile('scripts/gen-types.mjs')).href)) as Generator;
}

/** Returns every key path of the desired-state schema, such as `apt.pmg_repository`. */
function schemaKeys(schema: SchemaNode): string[] {
  const keys: string[] = [];
  for (const [section, node] of Object.entries(schema.properties as Record<string, SchemaNode>)) {
    for (const key of Object.keys(node.properties as Record<string, SchemaNode>)) {
      keys.push(`${section}.${key}`);
    }
  }

  return keys;
}

describe('scripts/gen-types.mjs', () => {
  test('committed generated files are current', async () => {
    const { generateAll } = await loadGenerator();
    const files = await generateAll();

    assert.ok(files.length >= 3);
    for (const { output, text } of files) {
      const committed = await readFile(packageFile(output), 'utf8').catch(() => '(missing)');
      assert.ok(
        committed === text,
        `${output} is out of date with its schema: run \`npm run gen\` and commit it`,
      );
    }
  });
});

describe('docs/desired-state.md', () => {
  test('documents every schema key', async () => {
    const page = await readFile(packageFile('docs/desired-state.md'), 'utf8');
    const keys = schemaKeys(readSchema('desired-state.schema.json'));

    assert.ok(keys.length > 20);
    for (const key of keys) {
      assert.ok(
        page.includes(`### \`${key}\``),
        `docs/desired-state.md does not document ${key}: run \`npm run gen\``,
      );
    }
  });

  test('shows each default', async () => {
    const page = await readFile(packageFile('docs/desired-state.md'), 'utf8');

    assert.match(
      page,
      /### `postgresql\.port`\n\n- Type: integer\n- Allowed: 1 to 65535\n- Default: `5432`/,
    );
    assert.match(
      page,
      /### `apt\.third_party`\n\n- Type: string\n- Allowed: `"stop"`, `"disable"`, `"rewrite"`, `"keep"`\n- Default: `"stop"`/,
    );
  });
});

// Generates lib/config/generated/*.ts from schema/*.schema.json.
// With --check, compares instead of writing and exits 1 when a generated
// file is out of date, naming it.
import { readFile, writeFile } from 'node:fs/promises';
import { compile } from 'json-schema-to-typescript';

const targets = [
  { schema: 'schema/desired-state.schema.json', output: 'lib/config/generated/desired-state.ts' },
  { schema: 'schema/plan.schema.json', output: 'lib/config/generated/plan.ts' },
];

const options = {
  additionalProperties: false,
  ignoreMinAndMaxItems: true,
  unreachableDefinitions: true,
  bannerComment:
    '// Generated from the JSON Schema by `npm run gen` (json-schema-to-typescript).\n' +
    '// Do not edit: change the schema and run `npm run gen` again.',
  style: { singleQuote: true, printWidth: 100 },
};

/** Returns the TypeScript text generated for one schema file. */
export async function generate(schemaPath) {
  const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
  return compile(schema, schema.title, { ...options, cwd: 'schema' });
}

async function main() {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const target of targets) {
    const text = await generate(target.schema);
    if (!check) {
      await writeFile(target.output, text);
      continue;
    }
    const current = await readFile(target.output, 'utf8').catch(() => '');
    if (current !== text) {
      console.error(`${target.output} is out of date with ${target.schema}: run npm run gen`);
      stale += 1;
    }
  }
  process.exitCode = stale === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}

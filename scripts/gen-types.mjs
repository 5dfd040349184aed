// Generates the files derived from the JSON Schemas: the TypeScript types in
// lib/config/generated/ and the desired-state reference page
// docs/desired-state.md. With --check, compares instead of writing and exits
// 1 when a generated file is out of date, naming it.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';

import { compile } from 'json-schema-to-typescript';

/** The repository root, so the script works from any working directory. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const targets = [
  {
    schema: 'schema/desired-state.schema.json',
    output: 'lib/config/generated/desired-state.ts',
    render: generate,
  },
  { schema: 'schema/plan.schema.json', output: 'lib/config/generated/plan.ts', render: generate },
  {
    schema: 'schema/inventory.schema.json',
    output: 'lib/config/generated/inventory.ts',
    render: generate,
  },
  {
    schema: 'schema/desired-state.schema.json',
    output: 'docs/desired-state.md',
    render: generateDocs,
  },
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

/** Returns the TypeScript text generated for one schema file (a path relative to the repository root). */
export async function generate(schemaPath) {
  const schema = JSON.parse(await readFile(resolvePath(ROOT, schemaPath), 'utf8'));
  return compile(schema, schema.title, { ...options, cwd: join(ROOT, 'schema') });
}

/** Returns the Markdown reference page for the desired-state schema. */
export async function generateDocs(schemaPath) {
  const schema = JSON.parse(await readFile(resolvePath(ROOT, schemaPath), 'utf8'));
  return renderDocs(schema, schemaPath);
}

/** Returns every generated file as { output, text }, for the up-to-date test. */
export async function generateAll() {
  const files = [];
  for (const target of targets) {
    files.push({ output: target.output, text: await target.render(target.schema) });
  }
  return files;
}

function renderDocs(schema, schemaPath) {
  const lines = [
    '# Desired-state reference',
    '',
    `<!-- Generated from ${schemaPath} by \`npm run gen\`. Do not edit: change the schema. -->`,
    '',
    schema.description,
    '',
    'The file is TOML. pmgup ships `plans/pmg-8.toml`, which sets the keys an operator',
    'changes most often. A file that starts with `#:schema ../schema/desired-state.schema.json`',
    'gets key completion and checking in editors that read JSON Schemas (Taplo, Even Better TOML).',
    '',
    'pmgup reads TOML 1.0. An integer key takes an integer literal such as `900`, `9_00` or',
    '`0x384`. TOML reads `900.0` and `9e2` as floats, so pmgup rejects them there, and when',
    'the value is whole and allowed the error names the integer to write. An integer beyond',
    'the 64-bit range of TOML is rejected, and the error quotes it as written. Each of these',
    'errors gives the key path and the line and column of the value.',
    '',
    'pmgup recognizes a desired state by its top-level keys, which all name sections below.',
    'Given to `--facts`, `--inventory` or `pmgup show`, such a file is named as a desired',
    'state, and the error shows the command with it as the first argument, such as',
    '`pmgup plan FILE --host HOST`. The other way round, an inventory, recorded facts or a',
    'saved plan given as the desired state is named for what it is, with the command that',
    'reads it.',
    '',
  ];
  for (const [section, node] of Object.entries(schema.properties)) {
    lines.push(`## [${section}]`, '', node.description, '');
    for (const [key, child] of Object.entries(node.properties)) {
      lines.push(...renderKey(`${section}.${key}`, child, schema));
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderKey(path, node, root) {
  const resolved = resolve(node, root);
  const lines = [`### \`${path}\``, '', `- Type: ${typeText(resolved, root)}`];
  const allowed = allowedText(resolved, root);
  if (allowed !== undefined) {
    lines.push(`- Allowed: ${allowed}`);
  }
  lines.push(
    `- Default: ${node.default === undefined ? 'none, see below' : `\`${tomlValue(node.default)}\``}`,
  );
  lines.push('', node.description ?? resolved.description ?? '', '');
  return lines;
}

function resolve(node, root) {
  if (typeof node.$ref !== 'string') {
    return node;
  }
  const target = node.$ref.replace('#/$defs/', '');
  const definition = root.$defs[target];
  return { ...definition, ...node, $ref: undefined, definitionDescription: definition.description };
}

function typeText(node, root) {
  if (node.const !== undefined) {
    return typeof node.const === 'number' ? 'integer' : 'string';
  }
  if (node.enum !== undefined) {
    return 'string';
  }
  if (node.type === 'array') {
    return `array of ${typeText(resolve(node.items, root), root)}s${node.uniqueItems ? ', without duplicates' : ''}`;
  }
  if (node.type === 'object') {
    const keys = resolve(node.propertyNames ?? {}, root);
    const values = resolve(node.additionalProperties ?? {}, root);
    return `table of ${describeDef(keys)} = ${describeDef(values)}`;
  }
  return node.type;
}

function allowedText(node, root) {
  if (node.const !== undefined) {
    return `only \`${tomlValue(node.const)}\``;
  }
  if (node.enum !== undefined) {
    return node.enum.map((value) => `\`${tomlValue(value)}\``).join(', ');
  }
  if (node.minimum !== undefined || node.maximum !== undefined) {
    return `${node.minimum ?? '…'} to ${node.maximum ?? '…'}`;
  }
  if (node.pattern !== undefined) {
    const words = node.definitionDescription ?? node.description ?? 'Text matching the pattern.';
    return `${words} Pattern: \`${node.pattern}\``;
  }
  if (node.type === 'array') {
    return allowedText(resolve(node.items, root), root);
  }
  return undefined;
}

/** Names a key or value schema of a table: its description without the full stop, or its allowed values. */
function describeDef(node) {
  if (node.enum !== undefined) {
    return node.enum.map((value) => `\`${tomlValue(value)}\``).join(' / ');
  }
  const text = node.description ?? node.type ?? 'value';
  const pattern = node.pattern === undefined ? '' : ` (\`${node.pattern}\`)`;
  return `${text.replace(/\.$/, '').replace(/^An? /, (a) => a.toLowerCase())}${pattern}`;
}

/** Writes a value as an inline TOML value. */
function tomlValue(value) {
  if (Array.isArray(value)) {
    return `[${value.map(tomlValue).join(', ')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(
      ([key, item]) => `${JSON.stringify(key)} = ${tomlValue(item)}`,
    );
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

async function main() {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { output, text } of await generateAll()) {
    const path = join(ROOT, output);
    if (!check) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
      continue;
    }
    const current = await readFile(path, 'utf8').catch(() => '');
    if (current !== text) {
      console.error(`${output} is out of date with its schema: run npm run gen`);
      stale += 1;
    }
  }
  process.exitCode = stale === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}

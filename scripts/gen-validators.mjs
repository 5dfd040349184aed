// Generates pmgup's schema validators with ajv's standalone code generation,
// so that pmgup loads plain functions at run time and never compiles a schema
// or loads ajv's compiler. The output is a build product in
// dist/lib/config/standalone/, declared for TypeScript by
// lib/config/standalone/index.d.ts. It runs after tsc because the facts
// schema and the string formats are TypeScript modules, read here from dist.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { _, Ajv2020 } from 'ajv/dist/2020.js';
import standaloneModule from 'ajv/dist/standalone/index.js';

// ajv is CommonJS, so the function arrives as the default export's `default`.
const standaloneCode = standaloneModule.default;

/** The repository root, so the script works from any working directory. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The folder of the generated modules, next to the compiled lib/config/validator.js. */
const OUTPUT = 'dist/lib/config/standalone';

/** File name of each validator set in the output folder. */
const SET_FILES = { withDefaults: 'with-defaults.js', plain: 'plain.js', facts: 'facts.js' };

/** Name under which the facts validator and its schema digest are recorded. */
const FACTS_KEY = 'facts';

async function importDist(path) {
  return import(pathToFileURL(join(ROOT, 'dist', path)).href);
}

/** Reads the schema files, the facts schema and the formats, and the SHA-256 of each schema. */
async function readSources() {
  const { SCHEMA_FILES } = await importDist('lib/config/schema-files.js');
  const files = [];
  const digests = {};
  for (const file of SCHEMA_FILES) {
    const text = await readFile(join(ROOT, 'schema', file), 'utf8');
    files.push({ file, schema: JSON.parse(text) });
    digests[file] = sha256(text);
  }
  const { factsSchema } = await importDist('lib/probe/facts-schema.js');
  digests[FACTS_KEY] = sha256(JSON.stringify(factsSchema));
  const { SCHEMA_FORMATS } = await importDist('lib/config/schema-formats.js');

  return { files, factsSchema, formats: SCHEMA_FORMATS, sha256: digests };
}

function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Returns an Ajv instance with every schema file added and the options pmgup
 * validates with: every error collected (`allErrors`), strict schema
 * checking, and the failing value and schema attached to each error
 * (`verbose`) so messages can quote them. With `useDefaults`, validation fills
 * in missing keys from the schema's `default`s, which mutates the data.
 * `standalone` adds the options that only change how the code is emitted.
 */
function schemaAjv(sources, useDefaults, standalone) {
  const code = standalone ? { source: true, esm: true, formats: _`schemaFormats` } : {};
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, useDefaults, code });
  for (const [name, format] of Object.entries(sources.formats)) {
    ajv.addFormat(name, format);
  }
  for (const { schema } of sources.files) {
    ajv.addSchema(schema);
  }

  return ajv;
}

/** Returns an Ajv instance with the options the facts schema is validated with. */
function factsAjv(standalone) {
  const code = standalone ? { source: true, esm: true } : {};

  return new Ajv2020({ allErrors: true, strict: true, code });
}

/**
 * Returns the JSON pointers that get a validator without defaults in one
 * schema: the root, every `$defs` entry, and every `oneOf` branch, because
 * the error messages validate the branch that a discriminator picks on its
 * own. A `$ref` branch is named by its target, as lib/config/one-of.ts does.
 */
function plainPointers(schema) {
  const pointers = new Set(['']);
  for (const name of Object.keys(schema.$defs ?? {})) {
    pointers.add(`/$defs/${escapePointer(name)}`);
  }
  const pending = [[schema, '']];
  while (pending.length > 0) {
    const [node, pointer] = pending.pop();
    if (typeof node !== 'object' || node === null) {
      continue;
    }
    if (Array.isArray(node.oneOf)) {
      node.oneOf.forEach((branch, index) => {
        pointers.add(branchPointer(branch, `${pointer}/oneOf/${index}`));
      });
    }
    for (const [key, child] of Object.entries(node)) {
      pending.push([child, `${pointer}/${escapePointer(key)}`]);
    }
  }

  return [...pointers].sort();
}

function branchPointer(branch, inline) {
  const ref = branch?.$ref;

  return typeof ref === 'string' && ref.startsWith('#') ? ref.slice(1) : inline;
}

function escapePointer(key) {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Returns the validators to generate per set, as table key to ajv reference. */
function validatorRefs(sources) {
  const desired = sources.files.find(({ file }) => file === 'desired-state.schema.json');
  const plain = {};
  for (const { file, schema } of sources.files) {
    for (const pointer of plainPointers(schema)) {
      plain[`${file}#${pointer}`] = `${schema.$id}#${pointer}`;
    }
  }

  return { withDefaults: { 'desired-state.schema.json#': desired.schema.$id }, plain };
}

/**
 * Returns validators compiled now by ajv, in the shape of the generated
 * module's VALIDATORS, for comparing the generated code with what ajv
 * compiles from the current schemas.
 */
export async function compileValidators() {
  const sources = await readSources();
  const refs = validatorRefs(sources);
  const compiled = { facts: factsAjv(false).compile(sources.factsSchema) };
  for (const [set, useDefaults] of [['withDefaults', true], ['plain', false]]) {
    const ajv = schemaAjv(sources, useDefaults, false);
    compiled[set] = Object.fromEntries(
      Object.entries(refs[set]).map(([key, ref]) => [key, ajv.getSchema(ref)]),
    );
  }

  return compiled;
}

/** Returns the SHA-256 of every schema as the generated module records it. */
export async function schemaDigests() {
  return (await readSources()).sha256;
}

/** Returns every generated file as { output, text }. */
export async function generateValidators() {
  const sources = await readSources();
  const refs = validatorRefs(sources);
  const { version } = createRequire(import.meta.url)('ajv/package.json');
  const banner = `// Generated by scripts/gen-validators.mjs with ajv ${version} standalone code. Do not edit.`;

  const facts = factsAjv(true);
  const factsCode = standaloneCode(facts, facts.compile(sources.factsSchema));
  const files = [setModule(banner, 'facts', factsCode, { [FACTS_KEY]: 'validate' })];
  for (const [set, useDefaults] of [['withDefaults', true], ['plain', false]]) {
    // ESM exports need identifiers, so each validator is exported as vN.
    const keys = Object.keys(refs[set]);
    const exportRefs = Object.fromEntries(keys.map((key, index) => [`v${index}`, refs[set][key]]));
    const names = Object.fromEntries(keys.map((key, index) => [key, `v${index}`]));
    const code = standaloneCode(schemaAjv(sources, useDefaults, true), exportRefs);
    files.push(setModule(banner, set, code, names));
  }
  files.push(indexModule(banner, sources.sha256));

  return files;
}

/**
 * Wraps ajv's output as an ES module of one validator set, exporting
 * `validators`: each table key with the name of its validator in `code`.
 * ajv emits `require()` calls for its small runtime helpers (deep equality,
 * string length), so the module defines `require` for them, and it imports
 * the string formats under the name given as `code.formats`.
 */
function setModule(banner, set, code, names) {
  const entries = Object.entries(names).map(([key, name]) => `  ${JSON.stringify(key)}: ${name},`);
  const text = [
    banner,
    "import { createRequire } from 'node:module';",
    "import { SCHEMA_FORMATS as schemaFormats } from '../schema-formats.js';",
    'const require = createRequire(import.meta.url);',
    code,
    'export const validators = {',
    ...entries,
    '};',
    '',
  ].join('\n');

  return { output: `${OUTPUT}/${SET_FILES[set]}`, text };
}

function indexModule(banner, digests) {
  const imports = Object.entries(SET_FILES).map(
    ([set, file]) => `import { validators as ${set} } from './${file}';`,
  );
  const text = [
    banner,
    ...imports,
    '',
    `export const VALIDATORS = { withDefaults, plain, facts: facts[${JSON.stringify(FACTS_KEY)}] };`,
    `export const SCHEMA_SHA256 = ${JSON.stringify(digests, null, 2)};`,
    '',
  ].join('\n');

  return { output: `${OUTPUT}/index.js`, text };
}

async function main() {
  for (const { output, text } of await generateValidators()) {
    const path = join(ROOT, output);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}

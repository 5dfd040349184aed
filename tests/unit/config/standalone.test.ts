/**
 * The validators generated at build time must be the ones ajv would compile
 * now from the current schemas, with the same options: same result, same
 * errors array and the same defaults filled in.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import type { ValidateFunction } from 'ajv/dist/2020.js';

import { packageFile } from '../../../lib/config/schema-files.js';
import { SCHEMA_SHA256, VALIDATORS } from '../../../lib/config/standalone/index.js';
import { copyData, eachDamaged, locations, validSamples, type SampleDocument } from './schema-documents.js';

type ValidatorSet = Record<string, ValidateFunction>;

interface Generator {
  compileValidators(): Promise<{ withDefaults: ValidatorSet; plain: ValidatorSet; facts: ValidateFunction }>;
  schemaDigests(): Promise<Record<string, string>>;
}

async function loadGenerator(): Promise<Generator> {
  return (await import(pathToFileURL(packageFile('scripts/gen-validators.mjs')).href)) as Generator;
}

/**
 * Returns a visitor that asserts that both validators return the same and
 * report the same errors for a document. With `fillsDefaults`, each gets
 * its own copy, and the copies must end up equal.
 */
function sameResults(
  generated: ValidateFunction,
  compiled: ValidateFunction,
  name: string,
  fillsDefaults = false,
): (document: SampleDocument) => void {
  return ({ label, data }) => {
    const generatedData = fillsDefaults ? copyData(data) : data;
    const compiledData = fillsDefaults ? copyData(data) : data;

    assert.equal(generated(generatedData), compiled(compiledData), `${name} on ${label}: result`);
    assert.deepEqual(generated.errors, compiled.errors, `${name} on ${label}: errors`);
    assert.deepEqual(generatedData, compiledData, `${name} on ${label}: data after validation`);
  };
}

/** Calls `visit` with every value inside the samples, for the validators of sub-schemas. */
function eachNested(samples: SampleDocument[], visit: (document: SampleDocument) => void): void {
  for (const sample of samples) {
    for (const path of locations(sample.data)) {
      const data = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], sample.data);
      visit({ label: `${sample.label} at /${path.join('/')}`, data });
    }
  }
}

describe('config/standalone', () => {
  test('records current schema digests', async () => {
    const current = await (await loadGenerator()).schemaDigests();

    assert.deepEqual(Object.keys(SCHEMA_SHA256).sort(), Object.keys(current).sort());
    for (const [schema, digest] of Object.entries(current)) {
      assert.equal(
        SCHEMA_SHA256[schema],
        digest,
        `dist/lib/config/standalone was generated from another version of the ${schema} schema: run npm run build`,
      );
    }
  });

  test('root validators match ajv', async () => {
    const compiled = await loadGenerator().then((generator) => generator.compileValidators());
    const samples = validSamples();

    const desired = 'desired-state.schema.json#';
    const withDefaults = sameResults(VALIDATORS.withDefaults[desired]!, compiled.withDefaults[desired]!, desired, true);
    samples['desired-state.schema.json']!.forEach((sample) => eachDamaged(sample, 1, withDefaults));
    // Damaging every location of the plan and the facts takes seconds, so
    // only every n-th location of them is damaged.
    const strides = { 'desired-state.schema.json': 1, 'inventory.schema.json': 1, 'plan.schema.json': 3 };
    for (const [file, stride] of Object.entries(strides)) {
      const plain = sameResults(VALIDATORS.plain[`${file}#`]!, compiled.plain[`${file}#`]!, `${file}#`);
      samples[file]!.forEach((sample) => eachDamaged(sample, stride, plain));
    }
    const facts = sameResults(VALIDATORS.facts, compiled.facts, 'facts');
    samples.facts!.forEach((sample) => eachDamaged(sample, 59, facts));
  });

  test('sub-schema validators match ajv', async () => {
    const compiled = await loadGenerator().then((generator) => generator.compileValidators());
    const samples = validSamples();

    assert.deepEqual(Object.keys(VALIDATORS.plain).sort(), Object.keys(compiled.plain).sort());
    for (const [key, generated] of Object.entries(VALIDATORS.plain)) {
      const file = key.slice(0, key.indexOf('#'));
      eachNested(samples[file]!, sameResults(generated, compiled.plain[key]!, key));
    }
  });

  test('runtime loads no ajv compiler', () => {
    const distUrl = (path: string) => JSON.stringify(pathToFileURL(packageFile(`dist/lib/${path}`)).href);
    const facts = JSON.stringify(packageFile('examples/pmg7-plain.facts.json'));
    const script = [
      "import { createRequire } from 'node:module';",
      `const { validateDesiredState } = await import(${distUrl('config/load.js')});`,
      `const { loadFacts } = await import(${distUrl('probe/recorded.js')});`,
      `const { planSchemaErrors } = await import(${distUrl('planfile/schema-check.js')});`,
      `const { validateInventory } = await import(${distUrl('config/inventory.js')});`,
      "try { validateDesiredState({ apt: { suite: 1 } }, 'x.toml'); } catch {}",
      "try { validateInventory({ host: 1 }, 'x.toml'); } catch {}",
      `await loadFacts(${facts});`,
      'planSchemaErrors({ actions: [{ step: { kind: "backup", x: 1 } }] });',
      'const loaded = Object.keys(createRequire(import.meta.url).cache);',
      "console.log(JSON.stringify(loaded.filter((path) => path.includes('/node_modules/ajv/'))));",
    ].join('\n');
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });

    assert.equal(child.status, 0, child.stderr);
    const ajvFiles = JSON.parse(child.stdout) as string[];
    assert.ok(ajvFiles.length > 0, 'the generated validators load ajv/dist/runtime');
    for (const path of ajvFiles) {
      assert.match(path, /\/node_modules\/ajv\/dist\/runtime\//, `${path} is loaded at run time`);
    }
  });
});

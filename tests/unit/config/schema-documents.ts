/**
 * Documents for comparing two validators of the same schema: valid samples
 * of each schema, and copies of them with one value damaged at a time, so
 * that every keyword of the schema gets to fail somewhere.
 */
import { readFileSync } from 'node:fs';

import { validatorFor } from '../../../lib/config/validator.js';
import { packageFile } from '../../../lib/config/schema-files.js';
import { parseTomlText } from '../../../lib/config/toml-parse.js';
import { plainTomlData } from '../../../lib/config/toml-values.js';
import { serializePlan } from '../../../lib/planfile/serialize.js';
import { fullPlan } from '../planfile/sample-plan.js';

/** A document to validate and what it is, for assertion messages. */
export interface SampleDocument {
  label: string;
  data: unknown;
}

function tomlFile(path: string): unknown {
  return plainTomlData(parseTomlText(readFileSync(packageFile(path), 'utf8'), path));
}

function jsonFile(path: string): unknown {
  return JSON.parse(readFileSync(packageFile(path), 'utf8'));
}

/** Returns the shipped desired state with every default filled in. */
function desiredWithDefaults(): unknown {
  const data = tomlFile('plans/pmg-8.toml');
  validatorFor('desired-state.schema.json', true)(data);

  return data;
}

/** Returns the valid samples of each schema file, and of the facts under `facts`. */
export function validSamples(): Record<string, SampleDocument[]> {
  return {
    'desired-state.schema.json': [
      { label: 'plans/pmg-8.toml', data: tomlFile('plans/pmg-8.toml') },
      { label: 'plans/pmg-8.toml with defaults', data: desiredWithDefaults() },
      { label: 'empty table', data: {} },
    ],
    'inventory.schema.json': [
      { label: 'examples/inventory.toml', data: tomlFile('examples/inventory.toml') },
    ],
    'plan.schema.json': [
      { label: 'plan with every step', data: JSON.parse(serializePlan(fullPlan())) },
    ],
    facts: [
      { label: 'pmg7-plain', data: jsonFile('examples/pmg7-plain.facts.json') },
      { label: 'pmg7-template-override', data: jsonFile('examples/pmg7-template-override.facts.json') },
    ],
  };
}

/** Returns a deep copy that keeps symbols, which stand for TOML floats and dates. */
export function copyData(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(copyData);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyData(item)]));
  }

  return value;
}

/** Returns the values that replace `value` in the damaged copies. */
function replacements(value: unknown): unknown[] {
  const common: unknown[] = [null, Symbol('the TOML float 1.5')];
  if (typeof value === 'string') {
    return [...common, 42, '', 'Bad value; $(x)', value.toUpperCase(), `${value}x`];
  }
  if (typeof value === 'number') {
    return [...common, String(value), -1, 1.5, 2 ** 53];
  }
  if (typeof value === 'boolean') {
    return [...common, 'yes'];
  }
  if (Array.isArray(value)) {
    return [...common, {}, [], [...value, ...value.slice(0, 1)], [...value, 7]];
  }
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    const withoutFirst = Object.fromEntries(Object.entries(value).slice(1));

    return [...common, [], { ...value, unexpectedKey: 1 }, keys.length > 0 ? withoutFirst : { x: 1 }];
  }

  return common;
}

/** Returns every location in `data` as a path of keys, the root first. */
export function locations(data: unknown, path: (string | number)[] = []): (string | number)[][] {
  const found = [path];
  if (Array.isArray(data)) {
    data.forEach((item, index) => found.push(...locations(item, [...path, index])));
  } else if (typeof data === 'object' && data !== null) {
    for (const [key, item] of Object.entries(data)) {
      found.push(...locations(item, [...path, key]));
    }
  }

  return found;
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], data);
}

/**
 * Calls `visit` with `sample` and then with each damaged form of it. At
 * every `stride`-th location it puts each value of another type, an empty or
 * unknown value, an extra key or item, and a missing key. The damage is
 * made in place and undone after each call, so `visit` must not keep the
 * data or change it.
 */
export function eachDamaged(
  sample: SampleDocument,
  stride: number,
  visit: (document: SampleDocument) => void,
): void {
  visit(sample);
  locations(sample.data).forEach((path, index) => {
    if (index % stride !== 0) {
      return;
    }
    const label = `${sample.label} at /${path.join('/')}`;
    const original = valueAt(sample.data, path);
    if (path.length === 0) {
      replacements(original).forEach((data, variant) => visit({ label: `${label} variant ${variant}`, data }));

      return;
    }

    const parent = valueAt(sample.data, path.slice(0, -1)) as Record<string | number, unknown>;
    const key = path[path.length - 1]!;
    replacements(original).forEach((value, variant) => {
      parent[key] = value;
      visit({ label: `${label} variant ${variant}`, data: sample.data });
    });
    parent[key] = original;
  });
}

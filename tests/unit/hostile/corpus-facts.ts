/**
 * Broken recorded-facts files, generated from a seed around valid facts:
 * truncations, wrong types at sampled keys, unknown keys, another
 * factsVersion, bad bytes, deep nesting, huge values and random bytes.
 */
import type { HostFacts } from '../../../lib/probe/facts.js';
import type { CorpusCase } from './corpus-toml.js';
import { Random } from './support.js';

function encode(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
}

type Path = (string | number)[];

function valuePaths(value: unknown, path: Path = []): Path[] {
  const here = path.length > 0 ? [path] : [];
  if (Array.isArray(value)) {
    return [...here, ...value.flatMap((item, index) => valuePaths(item, [...path, index]))];
  }
  if (typeof value === 'object' && value !== null) {
    return [...here, ...Object.entries(value).flatMap(([key, child]) => valuePaths(child, [...path, key]))];
  }

  return here;
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

function setAt(root: unknown, path: Path, value: unknown): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path.at(-1)!] = value;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';

  return typeof value;
}

/**
 * Returns facts with a wrong value at sampled leaves. Maps keyed by name
 * (packages, units) accept any key, so only their values are broken. A
 * null is wrong wherever the facts hold another value.
 */
function wrongTypes(facts: HostFacts, random: Random, count: number): CorpusCase[] {
  const candidates: unknown[] = [7, 2.5, true, 'text', ['a'], { x: 1 }];
  const paths = valuePaths(facts).filter((path) => getAt(facts, path) !== null);
  const cases: CorpusCase[] = [];
  for (let i = 0; i < count; i++) {
    const path = random.pick(paths);
    const current = jsonType(getAt(facts, path));
    const others = candidates.filter((candidate) => {
      const type = jsonType(candidate);
      return type !== current && !(current === 'number' && type === 'integer');
    });
    const value = structuredClone(random.pick(others));
    const copy = structuredClone(facts);
    setAt(copy, path, value);
    cases.push({ name: `/${path.join('/')} = ${JSON.stringify(value)}`, bytes: encode(copy) });
  }

  return cases;
}

function unknownKeys(facts: HostFacts): CorpusCase[] {
  const tables = valuePaths(facts).filter((path) => jsonType(getAt(facts, path)) === 'object' && !['packages', 'units'].includes(String(path.at(-1))));
  const cases: CorpusCase[] = [{ name: 'unknown key at the root', bytes: encode({ ...facts, surprise: 1 }) }];
  for (const path of tables.slice(0, 12)) {
    const copy = structuredClone(facts);
    (getAt(copy, path) as Record<string, unknown>).surprise = 'value';
    cases.push({ name: `unknown key in /${path.join('/')}`, bytes: encode(copy) });
  }

  return cases;
}

function versions(facts: HostFacts): CorpusCase[] {
  return [2, 0, '1', null, undefined].map((version) => {
    const copy = structuredClone(facts) as unknown as Record<string, unknown>;
    if (version === undefined) {
      delete copy.factsVersion;
    } else {
      copy.factsVersion = version;
    }

    return { name: `factsVersion ${JSON.stringify(version) ?? 'missing'}`, bytes: encode(copy) };
  });
}

function truncations(text: Buffer, random: Random): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const step = Math.ceil(text.length / 30);
  for (let at = random.int(1, step); at < text.length - 1; at += step) {
    cases.push({ name: `truncated at byte ${at}`, bytes: text.subarray(0, at) });
  }

  return cases;
}

function badBytes(text: Buffer, random: Random): CorpusCase[] {
  const quotes = [...text.toString('latin1').matchAll(/": "/g)].map((match) => match.index! + 4);
  const cases: CorpusCase[] = [];
  for (let i = 0; i < 6; i++) {
    const at = random.pick(quotes);
    const bytes = Buffer.from(random.pick([[0xff], [0xc3], [0xed, 0xa0, 0x80], [0x80]]));
    cases.push({ name: `invalid UTF-8 at byte ${at}`, bytes: Buffer.concat([text.subarray(0, at), bytes, text.subarray(at)]) });
  }
  for (let i = 0; i < 4; i++) {
    const at = random.pick(quotes);
    cases.push({ name: `raw NUL in a string at byte ${at}`, bytes: Buffer.concat([text.subarray(0, at), Buffer.from([0]), text.subarray(at)]) });
  }

  return cases;
}

function structural(facts: HostFacts): CorpusCase[] {
  const text = JSON.stringify(facts, null, 2);

  return [
    { name: 'empty file', bytes: Buffer.alloc(0) },
    { name: 'JSON null', bytes: Buffer.from('null') },
    { name: 'JSON array', bytes: Buffer.from('[]') },
    { name: 'JSON number', bytes: Buffer.from('1') },
    { name: 'arrays nested 200000 deep', bytes: Buffer.from(`${'['.repeat(200_000)}${']'.repeat(200_000)}`) },
    { name: 'deep value under a known key', bytes: Buffer.from(text.replace('"mailQueueCount": 0', `"mailQueueCount": ${'['.repeat(100_000)}${']'.repeat(100_000)}`)) },
    { name: 'deep value under an unknown key', bytes: Buffer.from(text.replace('"mailQueueCount": 0', `"mailQueueCount": 0, "deep": ${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`)) },
    { name: 'string of 5 MB as hostname', bytes: Buffer.from(text.replace('"hostname": "pmg1"', `"hostname": "${'h'.repeat(5_000_000)}"`)) },
    { name: 'duplicate key', bytes: Buffer.from(text.replace('"factsVersion": 1,', '"factsVersion": 1, "factsVersion": 1,')) },
    { name: 'trailing garbage', bytes: Buffer.from(`${text}}`) },
  ];
}

function randomBytes(random: Random): CorpusCase[] {
  return Array.from({ length: 15 }, (_, i) => ({
    name: `random bytes ${i}`,
    bytes: Buffer.concat([Buffer.from('{'), random.bytes(random.int(1, 300))]),
  }));
}

/** Returns the facts corpus for `seed`, built around valid facts. */
export function factsCorpus(seed: number, facts: HostFacts): CorpusCase[] {
  const random = new Random(seed);
  const text = encode(facts);

  return [
    ...truncations(text, random),
    ...wrongTypes(facts, random, 50),
    ...unknownKeys(facts),
    ...versions(facts),
    ...badBytes(text, random),
    ...structural(facts),
    ...randomBytes(random),
  ];
}

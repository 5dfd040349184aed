/**
 * Broken desired-state files, generated from a seed: truncations inside
 * tokens, a wrong type at every key, unknown keys at every level, values
 * the patterns reject, huge values, duplicate keys, invalid UTF-8, NUL
 * bytes, deep nesting and random bytes. Every case must be rejected.
 */
import TOML from '@iarna/toml';

import { Random, hostileString } from './support.js';

/** One input file of the corpus. `wholeFile` cases are rejected for the file as a whole. */
export interface CorpusCase {
  name: string;
  bytes: Buffer;
  wholeFile?: boolean;
}

type Table = Record<string, unknown>;

/** Returns a desired state that sets every key of the schema, so each one can be broken in turn. */
export function fullDesiredState(): Table {
  return {
    release: { codename: 'bookworm', from: 'bullseye' },
    apt: {
      pmg_repository: 'no-subscription',
      pmg_uri: 'http://download.proxmox.com/debian/pmg',
      third_party: 'stop',
      backports: 'disable',
      non_free_firmware: true,
    },
    packages: {
      minimum: { 'pmg-api': '8.0.0' },
      absent: ['linux-image-amd64'],
      purge_after_upgrade: ['postgresql-13'],
    },
    postgresql: { major: 15, from_major: 13, cluster: 'main', port: 5432, database: 'Proxmox_ruledb', upgrade_method: 'dump' },
    services: {
      running: ['postfix.service', 'pmgproxy.service'],
      cluster_running: ['pmgmirror.service'],
      disabled: ['clamav-clamonacc.service'],
    },
    conffiles: { default: 'keep', files: { '/etc/issue': 'keep' } },
    templates: { default: 'keep', files: { 'main.cf.in': 'keep' }, remove_obsolete_settings: true },
    backup: { required: true, max_age_hours: 24 },
    reboot: { allowed: true, timeout_seconds: 900 },
    network: { pin_interface_names: false },
  };
}

function text(value: Table): Buffer {
  return Buffer.from(TOML.stringify(value as TOML.JsonMap), 'utf8');
}

function clone(value: Table): Table {
  return structuredClone(value);
}

/** Returns every path to a value of the state: tables, leaves and the first item of each array. */
function valuePaths(value: unknown, path: string[] = []): string[][] {
  if (Array.isArray(value)) {
    return [path, [...path, '0']];
  }
  if (typeof value === 'object' && value !== null) {
    return [...(path.length > 0 ? [path] : []), ...Object.entries(value).flatMap(([key, child]) => valuePaths(child, [...path, key]))];
  }

  return [path];
}

function setAt(root: Table, path: string[], value: unknown): void {
  let node = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

function getAt(root: Table, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
}

const WRONG_VALUES: [string, unknown][] = [
  ['integer', 7],
  ['float', 2.5],
  ['boolean', true],
  ['string', 'text'],
  ['array', ['a', 'b']],
  ['table', { x: 1 }],
  ['date', new Date('1979-05-27T07:32:00Z')],
];

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  if (typeof value === 'object' && value !== null) return 'table';

  return typeof value;
}

function wrongTypes(random: Random): CorpusCase[] {
  const base = fullDesiredState();
  const cases: CorpusCase[] = [];
  for (const path of valuePaths(base)) {
    const current = typeName(getAt(base, path));
    const candidates = WRONG_VALUES.filter(([name]) => name !== current && !(current === 'float' && name === 'integer'));
    for (let i = 0; i < 2; i++) {
      const [name, value] = random.pick(candidates);
      const broken = clone(base);
      setAt(broken, path, structuredClone(value));
      cases.push({ name: `${path.join('.')} as ${name}`, bytes: text(broken) });
    }
  }

  return cases;
}

function unknownKeys(): CorpusCase[] {
  const base = fullDesiredState();
  const cases: CorpusCase[] = [{ name: 'unknown key at the root', bytes: text({ ...clone(base), surprise: 1 }) }];
  for (const table of Object.keys(base)) {
    const broken = clone(base);
    (broken[table] as Table).surprise = 'value';
    cases.push({ name: `unknown key in [${table}]`, bytes: text(broken) });
    const nested = clone(base);
    (nested[table] as Table).deeper = { surprise: { again: true } };
    cases.push({ name: `unknown table under [${table}]`, bytes: text(nested) });
  }
  const names: [string[], string][] = [
    [['packages', 'minimum'], 'Not A Package'],
    [['conffiles', 'files'], 'relative/path'],
    [['templates', 'files'], '../escape.in'],
  ];
  for (const [path, key] of names) {
    const broken = clone(base);
    (getAt(broken, path) as Table)[key] = path[0] === 'packages' ? '1.0' : 'keep';
    cases.push({ name: `invalid key ${JSON.stringify(key)} in ${path.join('.')}`, bytes: text(broken) });
  }

  return cases;
}

/** Values of the right type that the schema's patterns and ranges reject. */
function rejectedValues(random: Random): CorpusCase[] {
  const canary = '/tmp/pmgup-hostile-canary';
  const hostile = () => hostileString(random, canary).slice(0, 500);
  const targets: [string[], () => unknown][] = [
    [['apt', 'pmg_uri'], () => `https://user:secret@${hostile()}`],
    [['apt', 'pmg_uri'], () => `http://example.org/ ${hostile()}`],
    [['packages', 'absent', '0'], hostile],
    [['packages', 'purge_after_upgrade', '0'], hostile],
    [['postgresql', 'cluster'], hostile],
    [['postgresql', 'database'], hostile],
    [['postgresql', 'port'], () => random.pick([0, -1, 65536, 9_000_000])],
    [['postgresql', 'major'], () => 14],
    [['services', 'running', '0'], hostile],
    [['services', 'disabled', '0'], hostile],
    [['backup', 'max_age_hours'], () => -5],
    [['reboot', 'timeout_seconds'], () => -1],
    [['release', 'codename'], () => 'trixie'],
    [['conffiles', 'default'], () => 'overwrite'],
  ];
  const cases: CorpusCase[] = [];
  for (const [path, make] of targets) {
    for (let i = 0; i < 2; i++) {
      const broken = fullDesiredState();
      const value = make();
      setAt(broken, path, value);
      cases.push({ name: `${path.join('.')} = ${JSON.stringify(value).slice(0, 60)}`, bytes: text(broken) });
    }
  }
  const hostileKey = fullDesiredState();
  (getAt(hostileKey, ['conffiles', 'files']) as Table)[`/etc/${hostile()}`] = 'keep';
  cases.push({ name: 'hostile conffile path', bytes: text(hostileKey) });

  return cases;
}

/** Cuts inside each line's key, after its `=` and inside its string, so no prefix is valid TOML. */
function truncations(shipped: string): CorpusCase[] {
  const cases: CorpusCase[] = [];
  let offset = 0;
  for (const line of shipped.split('\n')) {
    const cuts: number[] = [];
    if (/^\[[a-z.]/.test(line)) {
      cuts.push(2);
    } else if (/^"?[a-z/]/.test(line) && line.includes('=')) {
      const equals = line.indexOf('=');
      cuts.push(line.startsWith('"') ? 2 : Math.min(2, equals - 1), equals + 1);
      const quote = line.indexOf('"', equals);
      if (quote > 0) {
        cuts.push(quote + 2);
      }
    }
    for (const cut of cuts) {
      cases.push({ name: `truncated at byte ${offset + cut}`, bytes: Buffer.from(shipped.slice(0, offset + cut), 'utf8') });
    }
    offset += line.length + 1;
  }

  return cases;
}

function hugeValues(): CorpusCase[] {
  const base = TOML.stringify(fullDesiredState() as TOML.JsonMap);
  const packages = Array.from({ length: 5_000 }, (_, i) => `"p${i}"`).join(',');

  return [
    { name: 'string of 900 KB', bytes: Buffer.from(base.replace('"no-subscription"', `"${'x'.repeat(900_000)}"`)) },
    { name: 'key of 200 KB', bytes: Buffer.from(`${base}\n[apt2]\n${'k'.repeat(200_000)} = 1\n`) },
    { name: 'array of 5000 packages', bytes: Buffer.from(base.replace(/absent = \[[^\]]*\]/, `absent = [${packages}]`)) },
    { name: 'integer beyond 64 bits', bytes: Buffer.from(base.replace('port = 5_432', 'port = 18446744073709557048')) },
    { name: 'integer beyond 2^53', bytes: Buffer.from(base.replace('port = 5_432', 'port = 9007199254740993')) },
    { name: 'float 1e308', bytes: Buffer.from(base.replace('port = 5_432', 'port = 1e308')) },
    { name: 'infinity', bytes: Buffer.from(base.replace('port = 5_432', 'port = inf')) },
    { name: 'whole float for an integer', bytes: Buffer.from(base.replace('port = 5_432', 'port = 5432.0')) },
    { name: 'exponent for an integer', bytes: Buffer.from(base.replace('timeout_seconds = 900', 'timeout_seconds = 9e2')) },
    { name: 'integer below -2^63', bytes: Buffer.from(base.replace('port = 5_432', 'port = -9223372036854775809')) },
    { name: 'file over 1 MiB', bytes: Buffer.from(`${base}\n# ${'x'.repeat(1_100_000)}\n`), wholeFile: true },
  ];
}

function duplicates(): CorpusCase[] {
  return [
    { name: 'duplicate key', bytes: Buffer.from('[apt]\npmg_repository = "test"\npmg_repository = "test"\n') },
    { name: 'duplicate table', bytes: Buffer.from('[apt]\nbackports = "disable"\n[apt]\nthird_party = "stop"\n') },
    { name: 'key then table of the same name', bytes: Buffer.from('apt = 1\n[apt]\nbackports = "disable"\n') },
    { name: 'dotted key then table', bytes: Buffer.from('apt.backports = "disable"\n[apt]\nthird_party = "keep"\n') },
    { name: 'inline table extended', bytes: Buffer.from('apt = { backports = "disable" }\n[apt.x]\ny = 1\n') },
  ];
}

function badBytes(random: Random, shipped: Buffer): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const invalid = [[0x80], [0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf]];
  for (let i = 0; i < 12; i++) {
    const at = random.int(0, shipped.length);
    const bytes = Buffer.from(random.pick(invalid));
    cases.push({ name: `invalid UTF-8 ${bytes.toString('hex')} at byte ${at}`, bytes: Buffer.concat([shipped.subarray(0, at), bytes, shipped.subarray(at)]) });
  }
  for (let i = 0; i < 10; i++) {
    // After a quote the NUL sits inside a string value, where TOML forbids control characters too.
    const quotes = [...shipped.toString('latin1').matchAll(/= "/g)].map((match) => match.index! + 3);
    const at = i % 2 === 0 ? random.pick(quotes) : random.int(0, shipped.length);
    cases.push({ name: `NUL at byte ${at}`, bytes: Buffer.concat([shipped.subarray(0, at), Buffer.from([0]), shipped.subarray(at)]) });
  }
  cases.push({ name: 'UTF-16 with BOM', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[apt]\n', 'utf16le')]) });

  return cases;
}

function deepNesting(): CorpusCase[] {
  return [
    { name: 'array nested 100000 deep', bytes: Buffer.from(`x = ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`) },
    { name: 'inline table nested 20000 deep', bytes: Buffer.from(`x = ${'{a='.repeat(20_000)}1${'}'.repeat(20_000)}\n`) },
    { name: 'dotted key 20000 deep', bytes: Buffer.from(`${Array.from({ length: 20_000 }, () => 'a').join('.')} = 1\n`) },
    { name: 'table header 5000 deep', bytes: Buffer.from(`[${Array.from({ length: 5_000 }, () => 'apt').join('.')}]\nx = 1\n`) },
    { name: 'unclosed array nested 100000 deep', bytes: Buffer.from(`x = ${'['.repeat(100_000)}\n`) },
  ];
}

function randomBytes(random: Random): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (let i = 0; i < 25; i++) {
    cases.push({ name: `random bytes ${i}`, bytes: random.bytes(random.int(1, 400)) });
  }
  const tokens = ['[', ']', '=', '"', "'", '{', '}', ',', '.', 'apt', 'x', '1', '\n', ' ', '#', '"""', "'''", '\\', '+', '-', ':'];
  for (let i = 0; i < 25; i++) {
    const parts = Array.from({ length: random.int(3, 60) }, () => random.pick(tokens));
    // A leading `[[` makes every case an error: `pmgup` has no array of tables at the root.
    cases.push({ name: `random tokens ${i}`, bytes: Buffer.from(`[[${parts.join('')}`) });
  }

  return cases;
}

/** Returns the whole TOML corpus for `seed`, built around the shipped desired-state text. */
export function tomlCorpus(seed: number, shipped: string): CorpusCase[] {
  const random = new Random(seed);

  return [
    ...truncations(shipped),
    ...wrongTypes(random),
    ...unknownKeys(),
    ...rejectedValues(random),
    ...hugeValues(),
    ...duplicates(),
    ...badBytes(random, Buffer.from(shipped, 'utf8')),
    ...deepNesting(),
    ...randomBytes(random),
  ];
}

/**
 * Broken saved plans, generated from a seed around a valid plan. The cases
 * are truncations, newer format versions, commands hidden in extra
 * properties, unknown kinds, a kind's parameters swapped for another's,
 * dependency cycles, ids and hosts that do not match, wrong types at
 * sampled keys, hostile step values, bad bytes, deep nesting, duplicate
 * keys and random bytes.
 */
import type { Plan, Step } from '../../../lib/plan/model.js';
import { everyStep } from '../planfile/sample-plan.js';
import type { CorpusCase } from './corpus-toml.js';
import { Random, hostileString } from './support.js';

type Json = Record<string, unknown>;

const COMMAND = '$(touch /tmp/pmgup-hostile-canary)';

function encode(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
}

function edited(plan: Plan, name: string, edit: (copy: Json & Plan) => void): CorpusCase {
  const copy = structuredClone(plan) as Json & Plan;
  edit(copy);

  return { name, bytes: encode(copy) };
}

function truncations(text: Buffer, random: Random): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const step = Math.ceil(text.length / 60);
  for (let at = random.int(1, step); at < text.length - 1; at += step) {
    cases.push({ name: `truncated at byte ${at}`, bytes: text.subarray(0, at) });
  }

  return cases;
}

function versions(plan: Plan): CorpusCase[] {
  return [1, 3, 99, 1.5, 0, -1, '1', null].map((version) =>
    edited(plan, `formatVersion ${JSON.stringify(version)}`, (copy) => {
      (copy as Json).formatVersion = version;
    }),
  );
}

/** Commands hidden in every place a hand edit could put one. */
function hiddenCommands(plan: Plan): CorpusCase[] {
  const places: [string, (copy: Json & Plan) => void][] = [
    ['command on the step', (copy) => ((copy.actions[0]!.step as unknown as Json).command = COMMAND)],
    ['script on the step', (copy) => ((copy.actions[1]!.step as unknown as Json).script = COMMAND)],
    ['command on the action', (copy) => ((copy.actions[0] as unknown as Json).command = COMMAND)],
    ['command on the reason', (copy) => ((copy.actions[0]!.reason as unknown as Json).command = COMMAND)],
    ['command on a file diff', (copy) => ((copy.actions[1]!.fileDiffs[0] as unknown as Json).command = COMMAND)],
    ['command on a change', (copy) => copy.actions[1]!.changes.push({ subject: 'x', before: null, after: null, command: COMMAND } as never)],
    ['command at the top level', (copy) => (copy.command = COMMAND)],
    ['command on a host', (copy) => ((copy.hosts[0] as unknown as Json).command = COMMAND)],
    ['command on a diagnostic', (copy) => copy.diagnostics.push({ host: 'pmg1', code: 'x', severity: 'info', subject: 's', message: 'm', command: COMMAND } as never)],
    ['hooks on the tool', (copy) => ((copy.tool as unknown as Json).postApply = COMMAND)],
  ];

  return places.map(([name, edit]) => edited(plan, name, edit));
}

function unknownKinds(plan: Plan): CorpusCase[] {
  return ['run', 'shell', 'exec', 'Backup', '', 'backup ', 'verify\u0000'].map((kind) =>
    edited(plan, `kind ${JSON.stringify(kind)}`, (copy) => {
      copy.actions[0]!.step = { kind, command: COMMAND } as unknown as Step;
    }),
  );
}

function paramsOf(step: Step): Json {
  const { kind: _kind, ...params } = step as unknown as Json;

  return params;
}

/** For every kind: the plan's first step gets that kind with the parameters of the next kind that has any. */
function swappedParams(plan: Plan): CorpusCase[] {
  const samples = everyStep();
  const withParams = samples.filter((step) => Object.keys(paramsOf(step)).length > 0);

  return samples.map((step, index) => {
    const other = withParams[(withParams.findIndex((s) => s.kind === step.kind) + 1) % withParams.length] ?? withParams[index % withParams.length]!;
    const donor = other.kind === step.kind ? withParams[(index + 2) % withParams.length]! : other;

    return edited(plan, `${step.kind} with the parameters of ${donor.kind}`, (copy) => {
      copy.actions[0]!.step = { ...paramsOf(donor), kind: step.kind } as unknown as Step;
    });
  });
}

function graphEdits(plan: Plan): CorpusCase[] {
  const ids = plan.actions.map((action) => action.id);
  const last = ids.length - 1;

  return [
    edited(plan, 'action depends on itself', (copy) => copy.actions[2]!.dependsOn.push(ids[2]!)),
    edited(plan, 'two-action cycle', (copy) => copy.actions[0]!.dependsOn.push(ids[1]!)),
    edited(plan, 'cycle through the whole plan', (copy) => copy.actions[0]!.dependsOn.push(ids[last]!)),
    edited(plan, 'dependency on an unknown action', (copy) => copy.actions[3]!.dependsOn.push('pmg1/not-there')),
    edited(plan, 'action of a host not in the plan', (copy) => {
      copy.actions[1]!.host = 'pmg2';
    }),
    edited(plan, 'action id of another host', (copy) => {
      copy.actions[1]!.id = `pmg2/${copy.actions[1]!.id.split('/').slice(1).join('/')}`;
    }),
    edited(plan, 'duplicate action id', (copy) => {
      copy.actions[2]!.id = ids[1]!;
    }),
    edited(plan, 'actions out of dependency order', (copy) => copy.actions.reverse()),
    edited(plan, 'errored plan marked applyable', (copy) => {
      copy.diagnostics.push({ host: 'pmg1', code: 'forged', severity: 'error', subject: 's', message: 'm' } as never);
    }),
    edited(plan, 'no hosts', (copy) => {
      copy.hosts = [];
    }),
    edited(plan, 'duplicate host', (copy) => copy.hosts.push(structuredClone(copy.hosts[0]!))),
  ];
}

/** Returns every path to a leaf, array or object of the document. */
function valuePaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const here = path.length > 0 ? [path] : [];
  if (Array.isArray(value)) {
    return [...here, ...value.flatMap((item, index) => valuePaths(item, [...path, index]))];
  }
  if (typeof value === 'object' && value !== null) {
    return [...here, ...Object.entries(value).flatMap(([key, child]) => valuePaths(child, [...path, key]))];
  }

  return here;
}

function setAt(root: unknown, path: readonly (string | number)[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    node = node[key] as Record<string | number, unknown>;
  }
  node[path.at(-1)!] = value;
}

function getAt(root: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) {
    return 'array';
  }

  return value === null ? 'null' : typeof value;
}

/** Returns a value of another JSON type than `current`. */
function wrongValue(random: Random, current: unknown): unknown {
  const candidates: unknown[] = [7, 2.5, true, 'text', ['a'], { x: 1 }];
  const others = candidates.filter((candidate) => jsonType(candidate) !== jsonType(current));

  return structuredClone(random.pick(others));
}

function wrongTypes(plan: Plan, random: Random, count: number): CorpusCase[] {
  // `before` and `after` of a change take null as well as a string, so
  // null leaves are left alone.
  const paths = valuePaths(plan).filter((path) => getAt(plan, path) !== null);
  const cases: CorpusCase[] = [];
  for (let i = 0; i < count; i++) {
    const path = random.pick(paths);
    const value = wrongValue(random, getAt(plan, path));
    const copy = structuredClone(plan);
    setAt(copy, path, value);
    cases.push({ name: `/${path.join('/')} = ${JSON.stringify(value)}`, bytes: encode(copy) });
  }

  return cases;
}

/** Step values a shell would act on, which the schema's patterns must reject. */
function hostileStepValues(plan: Plan, random: Random): CorpusCase[] {
  const hostile = () => hostileString(random, '/tmp/pmgup-hostile-canary').slice(0, 300);
  const steps: (() => Step)[] = [
    () => ({ kind: 'stop-units', units: [`${hostile()}.service`], mask: true }),
    () => ({ kind: 'remove-packages', packages: [hostile()] }),
    () => ({ kind: 'purge-packages', packages: [`postgresql-13 ${hostile()}`] }),
    () => ({ kind: 'drop-pg-cluster', version: 15, name: hostile(), ifExists: true }),
    () => ({ kind: 'upgrade-pg-cluster', name: 'main', fromVersion: 13, toVersion: 15, method: 'dump', database: hostile() }),
    () => ({ kind: 'fix-template', path: `/etc/pmg/templates/${hostile()}`, beforeSha256: 'a'.repeat(64), removeSettings: ['x'] }),
    () => ({ kind: 'resolve-conffiles', files: [{ path: `/etc/${hostile()}`, answer: 'keep' }] }),
    () => ({ kind: 'pin-interface-names', links: [{ name: hostile(), mac: '52:54:00:12:34:56' }] }),
    () => ({ kind: 'pin-interface-names', links: [{ name: 'eth0', mac: `52:54:00:12:34:56\n${hostile()}` }] }),
    () => ({ kind: 'reboot', expectCodename: hostile(), timeoutSeconds: 900 }),
    () => ({
      kind: 'edit-apt-sources',
      path: '/etc/apt/sources.list',
      format: 'list',
      beforeSha256: null,
      edits: [{ op: 'append-entry', uri: `http://x/${hostile()}`, suite: 'bookworm', components: ['main'] }],
    }),
  ];

  return steps.map((make, index) => {
    const step = make();

    return edited(plan, `hostile ${step.kind} ${index}`, (copy) => {
      copy.actions[0]!.step = step;
    });
  });
}

function badBytes(text: Buffer, random: Random): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const quotes = [...text.toString('latin1').matchAll(/": "/g)].map((match) => match.index! + 4);
  for (let i = 0; i < 8; i++) {
    const at = random.pick(quotes);
    const bytes = Buffer.from(random.pick([[0xff], [0xc3], [0xed, 0xa0, 0x80], [0x80, 0x80]]));
    cases.push({ name: `invalid UTF-8 at byte ${at}`, bytes: Buffer.concat([text.subarray(0, at), bytes, text.subarray(at)]) });
  }
  for (let i = 0; i < 6; i++) {
    const at = random.pick(quotes);
    const control = random.pick([0x00, 0x01, 0x1b, 0x07, 0x0d]);
    cases.push({ name: `raw control 0x${control.toString(16)} in a string at byte ${at}`, bytes: Buffer.concat([text.subarray(0, at), Buffer.from([control]), text.subarray(at)]) });
  }

  return cases;
}

function structural(plan: Plan): CorpusCase[] {
  const text = JSON.stringify(plan, null, 2);
  const depth = 200_000;

  return [
    { name: 'empty file', bytes: Buffer.alloc(0) },
    { name: 'whitespace only', bytes: Buffer.from(' \n\t\n') },
    { name: 'JSON null', bytes: Buffer.from('null') },
    { name: 'JSON array', bytes: Buffer.from('[]') },
    { name: 'JSON string', bytes: Buffer.from('"plan"') },
    { name: 'arrays nested 200000 deep', bytes: Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`) },
    { name: 'objects nested 100000 deep', bytes: Buffer.from(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`) },
    { name: 'deep value in reason', bytes: Buffer.from(text.replace('"reason": {', `"reason": {"deep": ${'['.repeat(50_000)}${']'.repeat(50_000)},`)) },
    { name: 'duplicate step key', bytes: Buffer.from(text.replace('"step": {', '"step": {"kind": "apt-update", ')) },
    { name: 'duplicate formatVersion', bytes: Buffer.from(text.replace('"formatVersion": 2,', '"formatVersion": 2, "formatVersion": 2,')) },
    { name: 'trailing garbage', bytes: Buffer.from(`${text}\n{}`) },
    { name: 'comment in JSON', bytes: Buffer.from(`// plan\n${text}`) },
    { name: 'diff over 1 MiB', bytes: Buffer.from(text.replace('"diff": "', `"diff": "${'x'.repeat(1_100_000)}`)) },
    { name: 'number 1e400', bytes: Buffer.from(text.replace('"timeoutSeconds": 900', '"timeoutSeconds": 1e400')) },
    { name: 'plan over 64 MiB', bytes: Buffer.concat([Buffer.from(text.slice(0, -2)), Buffer.alloc(65 * 1024 * 1024, 0x20), Buffer.from('}')]) },
  ];
}

function randomBytes(random: Random): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (let i = 0; i < 15; i++) {
    cases.push({ name: `random bytes ${i}`, bytes: Buffer.concat([Buffer.from('{'), random.bytes(random.int(1, 400))]) });
  }
  const tokens = ['{', '}', '[', ']', ',', ':', '"a"', '"kind"', '1', 'true', 'null', ' ', '\n', '"\\u0000"', '"\\ud800"', '-', 'e5'];
  for (let i = 0; i < 15; i++) {
    cases.push({ name: `random tokens ${i}`, bytes: Buffer.from(`{${Array.from({ length: random.int(2, 50) }, () => random.pick(tokens)).join('')}`) });
  }

  return cases;
}

/** Returns the plan corpus for `seed`, built around a valid plan. */
export function planCorpus(seed: number, plan: Plan): CorpusCase[] {
  const random = new Random(seed);
  const text = encode(plan);
  const cases = [
    ...truncations(text, random),
    ...versions(plan),
    ...hiddenCommands(plan),
    ...unknownKinds(plan),
    ...swappedParams(plan),
    ...graphEdits(plan),
    ...wrongTypes(plan, random, 80),
    ...hostileStepValues(plan, random),
    ...badBytes(text, random),
    ...structural(plan),
    ...randomBytes(random),
  ];

  return cases.map((item) => (item.name === 'plan over 64 MiB' ? { ...item, wholeFile: true } : item));
}

/**
 * Property test of the step builders that pass names to commands. Hostile
 * unit, package, cluster and database names go through each builder, and
 * the script runs in /bin/sh with stub commands that record their argv.
 * Every value must arrive as exactly one argument of the expected command,
 * no other command may run, and no canary may appear. The plan schema (and
 * the desired-state schema, where the value comes from TOML) must reject
 * the same values.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { buildCommand } from '../../../lib/apply/commands/index.js';
import { aptOptions } from '../../../lib/apply/commands/shell.js';
import type { Step } from '../../../lib/plan/model.js';
import { shellSyntaxError, type StubCall } from '../apply/support.js';
import { CONTEXT } from '../apply/commands/samples.js';
import {
  assertDesiredRejects,
  assertPlanSchemaAccepts,
  assertPlanSchemaRejects,
  CASES,
  hostileValues,
  InjectionSandbox,
  needsQuoting,
} from './injection-support.js';
import { Random } from './support.js';

const sandbox = new InjectionSandbox();
after(() => sandbox.remove());

const clusterNameFile = join(sandbox.root, 'cluster-name');
const databaseFile = join(sandbox.root, 'database-name');

sandbox.stub('systemctl', 'if [ "$1" = show ]; then echo loaded; fi');
sandbox.stub('dpkg-query', "printf 'installed'");
sandbox.stub('apt-get');
// pg_lsclusters lists version 13 and 15 clusters named after the file's content.
sandbox.stub('pg_lsclusters', `printf '13 %s 5432 online postgres /d /l\\n' "$(cat ${JSON.stringify(clusterNameFile)})"`);
sandbox.stub('runuser', `printf 'postgres\\ntemplate0\\ntemplate1\\n'; cat ${JSON.stringify(databaseFile)}`);
sandbox.stub('pg_ctlcluster');
sandbox.stub('pg_dropcluster');
sandbox.stub('pg_upgradecluster');

/** One property: how to build a step from hostile values and which calls it must make. */
interface Property {
  kind: Step['kind'];
  make(values: string[], random: Random): Step;
  /** The exact calls of the recorded commands, in order. */
  expected(step: Step, values: string[]): StubCall[];
  /** A desired state carrying the values, when they come from TOML. */
  desired?(values: string[]): Record<string, unknown>;
}

const shows = (units: string[]): StubCall[] =>
  units.map((unit) => ({ command: 'systemctl', args: ['show', '--property=LoadState', '--value', '--', unit] }));
const queries = (packages: string[]): StubCall[] =>
  packages.map((name) => ({ command: 'dpkg-query', args: ['--show', '--showformat=${db:Status-Status}', '--', name] }));
const systemctl = (...args: string[]): StubCall => ({ command: 'systemctl', args });

const PROPERTIES: Property[] = [
  {
    kind: 'stop-units',
    make: (units, random) => ({ kind: 'stop-units', units, mask: random.next() < 0.5 }),
    expected: (step, units) => [
      ...shows(units),
      systemctl('stop', '--', ...units),
      systemctl('reset-failed', '--', ...units),
      ...((step as { mask: boolean }).mask ? [systemctl('mask', '--', ...units)] : []),
    ],
    desired: (units) => ({ services: { running: units } }),
  },
  {
    kind: 'disable-units',
    make: (units) => ({ kind: 'disable-units', units }),
    expected: (_step, units) => [...shows(units), systemctl('disable', '--now', '--', ...units), systemctl('reset-failed', '--', ...units)],
    desired: (units) => ({ services: { disabled: units } }),
  },
  {
    kind: 'unmask-units',
    make: (units, random) => ({ kind: 'unmask-units', units, start: random.next() < 0.5 }),
    expected: (step, units) => [
      systemctl('unmask', '--', ...units),
      ...((step as { start: boolean }).start ? [systemctl('start', '--', ...units)] : []),
    ],
    desired: (units) => ({ services: { cluster_running: units } }),
  },
  {
    kind: 'start-units',
    make: (units) => ({ kind: 'start-units', units }),
    expected: (_step, units) => [systemctl('start', '--', ...units)],
  },
  {
    kind: 'remove-packages',
    make: (packages) => ({ kind: 'remove-packages', packages }),
    expected: (_step, packages) => [...queries(packages), { command: 'apt-get', args: [...aptOptions(), 'remove', ...packages] }],
    desired: (packages) => ({ packages: { absent: packages } }),
  },
  {
    kind: 'purge-packages',
    make: (packages) => ({ kind: 'purge-packages', packages }),
    expected: (_step, packages) => [...queries(packages), { command: 'apt-get', args: [...aptOptions(), 'purge', ...packages] }],
    desired: (packages) => ({ packages: { purge_after_upgrade: packages } }),
  },
];

/**
 * Names the guard's awk can find in pg_lsclusters' output: one field, and
 * no backslash, which `awk -v` reads as an escape.
 */
const matchable = (name: string) => !/[\s\\]/.test(name);

/**
 * Runs one case and returns the calls its script made. The first cases of
 * each property also check the syntax with `sh -n`; later ones rely on the
 * run, which fails on a syntax error too.
 */
function runCase(step: Step, label: string, index: number): { status: number; calls: StubCall[]; stderr: string } {
  const plan = buildCommand(step, CONTEXT);
  assert.ok(plan.mode === 'detached' || plan.mode === 'inline', `${label}: mode ${plan.mode}`);
  const script = plan.mode === 'detached' ? plan.body : plan.script;
  if (index < 10) {
    assert.equal(shellSyntaxError(script), '', label);
  }

  writeFileSync(sandbox.callLog, '');
  const result = sandbox.run(script);
  sandbox.assertNoCanary(label);

  return { status: result.status, calls: sandbox.calls(), stderr: result.stderr };
}

function assertBothLayers(property: Property, step: Step, values: string[], label: string): void {
  if (!values.some(needsQuoting)) {
    return;
  }
  assertPlanSchemaRejects(step, label);
  if (property.desired !== undefined) {
    assertDesiredRejects(property.desired(values), label);
  }
}

describe('step builders with hostile names', () => {
  for (const [index, property] of PROPERTIES.entries()) {
    test(`${property.kind} passes each name as one argument`, () => {
      const random = new Random(1000 + index);
      const values = hostileValues(sandbox, 2000 + index, CASES + 2);
      for (let i = 0; i < CASES; i++) {
        const chosen = values.slice(i, i + random.int(1, 3));
        const step = property.make(chosen, random);
        const label = `${property.kind} case ${i}`;

        const run = runCase(step, label, i);
        assert.equal(run.status, 0, `${label}: ${run.stderr}`);
        assert.deepEqual(run.calls, property.expected(step, chosen), label);
        assertBothLayers(property, step, chosen, label);
      }
    });
  }

  test('drop-pg-cluster passes the name as one argument', () => {
    const random = new Random(77);
    for (const [i, name] of hostileValues(sandbox, 3000, CASES).entries()) {
      const label = `drop-pg-cluster case ${i}`;
      writeFileSync(clusterNameFile, name);
      writeFileSync(databaseFile, '');
      const step: Step = { kind: 'drop-pg-cluster', version: 13, name, ifExists: random.next() < 0.5 };

      const run = runCase(step, label, i);
      const drops = run.calls.filter((call) => call.command === 'pg_dropcluster');
      const others = run.calls.filter((call) => !['pg_lsclusters', 'runuser', 'pg_dropcluster'].includes(call.command));
      assert.deepEqual(others, [], label);
      assert.ok(drops.every((call) => call.args.length === 3 && call.args[2] === name), label);
      if (matchable(name)) {
        assert.equal(run.status, 0, `${label}: ${run.stderr}`);
        assert.deepEqual(drops, [{ command: 'pg_dropcluster', args: ['--stop', '13', name] }], label);
      }
      assertBothLayers({ kind: 'drop-pg-cluster', make: () => step, expected: () => [], desired: ([value]) => ({ postgresql: { cluster: value } }) }, step, [name], label);
    }
  });

  test('upgrade-pg-cluster passes name and database as one argument each', () => {
    const names = hostileValues(sandbox, 4000, CASES);
    const databases = hostileValues(sandbox, 5000, CASES);
    for (let i = 0; i < CASES; i++) {
      const name = names[i]!;
      const database = databases[i]!;
      const label = `upgrade-pg-cluster case ${i}`;
      writeFileSync(clusterNameFile, name);
      writeFileSync(databaseFile, `${database}\n`);
      const step: Step = { kind: 'upgrade-pg-cluster', name, fromVersion: 13, toVersion: 15, method: 'dump', database };

      const run = runCase(step, label, i);
      const upgrades = run.calls.filter((call) => call.command === 'pg_upgradecluster');
      const others = run.calls.filter((call) => !['pg_lsclusters', 'runuser', 'pg_upgradecluster'].includes(call.command));
      assert.deepEqual(others, [], label);
      if (matchable(name) && !database.includes('\n')) {
        assert.equal(run.status, 0, `${label}: ${run.stderr}`);
        assert.deepEqual(upgrades, [{ command: 'pg_upgradecluster', args: ['-v', '15', '-m', 'dump', '13', name] }], label);
      } else {
        assert.ok(upgrades.every((call) => call.args.at(-1) === name), label);
      }
      assertPlanSchemaRejects(step, label);
      assertDesiredRejects({ postgresql: { cluster: name, database } }, label);
    }
  });

  test('a NUL byte is rejected, never cut short', () => {
    const step: Step = { kind: 'stop-units', units: ['postfix\0.service'], mask: false };
    assert.throws(() => buildCommand(step, CONTEXT), TypeError);
    assertPlanSchemaRejects(step, 'NUL in a unit name');
  });

  test('the schema check accepts plain names', () => {
    assertPlanSchemaAccepts({ kind: 'stop-units', units: ['postfix.service'], mask: true }, 'plain unit');
    assertPlanSchemaAccepts({ kind: 'drop-pg-cluster', version: 15, name: 'main', ifExists: true }, 'plain cluster');
  });
});

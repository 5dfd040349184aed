/**
 * Names from the host that a plan cannot carry, such as a sources file or
 * an interface whose name has shell characters. They stop `plan`, `graph`
 * and `apply` (all call assertLoadable) with a user error naming the value,
 * never an internal error, and no plan file is written. A sources file
 * whose name apt skips (spaces, quotes, `$`) is left out of the plan.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { assertLoadable, buildPlan } from '../../../lib/cli/build-plan.js';
import { loadDesiredState } from '../../../lib/config/load.js';
import { InputError, UserError } from '../../../lib/errors.js';
import { checkPlanContent, parsePlan, serializePlan } from '../../../lib/planfile/index.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import { pmg7Host, withAptFile } from '../../support/facts.js';
import { runCli, TempDir } from './support.js';

const temp = new TempDir();
after(() => temp.remove());

const DESIRED = '[network]\npin_interface_names = true\n[apt]\nthird_party = "disable"\n';

function withInterface(facts: HostFacts, name: string): HostFacts {
  const next = structuredClone(facts);
  next.network.interfaces.push({ name, mac: '52:54:00:12:34:57', addresses: [], up: true, predictableName: 'ens19' });

  return next;
}

const CASES: [string, HostFacts, string][] = [
  ['a sources file with a colon', withAptFile(pmg7Host(), '/etc/apt/sources.list.d/x:y.list', 'deb http://deb.debian.org/debian bullseye-backports main\n'), 'x:y'],
  ['an interface with a semicolon', withInterface(pmg7Host(), 'e;x'), 'e;x'],
  ['an interface with a command', withInterface(pmg7Host(), 'e$(touch y)'), 'e$(touch y)'],
];

/** Sources files apt skips, with shell characters in their names. */
const SKIPPED: [string, string][] = [
  ['a command', '/etc/apt/sources.list.d/x $(touch y).list'],
  ['a quote', "/etc/apt/sources.list.d/it's.list"],
];

describe('host names a plan cannot carry', () => {
  for (const [label, facts, value] of CASES) {
    test(`plan rejects ${label}`, async () => {
      const factsFile = temp.write(`${label.replace(/\W+/g, '-')}.json`, JSON.stringify(facts));
      const desired = temp.write('desired.toml', DESIRED);
      const out = join(temp.path, `${label.replace(/\W+/g, '-')}.plan.json`);
      const run = await runCli(['plan', desired, '--facts', factsFile, '--out', out]);

      assert.equal(run.status, 1, run.stderr);
      assert.doesNotMatch(run.stderr, /internal error/i);
      assert.match(run.stderr, /^Error: The plan would carry a name from the host/);
      assert.ok(run.stderr.includes(value), `the message names ${value}`);
      assert.equal(existsSync(out), false, 'no plan file was written');
    });

    test(`assertLoadable rejects ${label}`, async () => {
      const loaded = await loadDesiredState(temp.write('desired.toml', DESIRED));
      const plan = buildPlan(loaded, [{ name: 'pmg1', facts, transport: null, target: 'ssh:root@pmg1:22' }], new Date());

      assert.throws(() => assertLoadable(plan), (error: unknown) => error instanceof UserError && error.detail.includes(value));
    });

    test(`the saved file fails alike for ${label}`, async () => {
      const loaded = await loadDesiredState(temp.write('desired.toml', DESIRED));
      const plan = buildPlan(loaded, [{ name: 'pmg1', facts, transport: null, target: 'ssh:root@pmg1:22' }], new Date());
      const problems = (check: () => unknown) => {
        try {
          check();
        } catch (error) {
          return error instanceof InputError ? error.problems : error;
        }
        return [];
      };

      const fromFile = problems(() => parsePlan(serializePlan(plan), 'plan'));
      assert.ok(Array.isArray(fromFile), 'the saved file fails with located problems');
      assert.ok(fromFile.length > 0, 'the saved file does not load');
      assert.deepEqual(problems(() => checkPlanContent(plan)), fromFile);
    });
  }

  test('plan accepts the same host with plain names', async () => {
    const factsFile = temp.write('plain.json', JSON.stringify(withInterface(pmg7Host(), 'eth1')));
    const desired = temp.write('desired.toml', DESIRED);
    const out = join(temp.path, 'plain.plan.json');
    const run = await runCli(['plan', desired, '--facts', factsFile, '--out', out]);

    assert.doesNotMatch(run.stderr, /^Error/m, run.stderr);
    assert.equal(existsSync(out), true);
  });

  test('a plan with plain names passes both checks', async () => {
    const loaded = await loadDesiredState(temp.write('desired.toml', DESIRED));
    const plan = buildPlan(loaded, [{ name: 'pmg1', facts: withInterface(pmg7Host(), 'eth1'), transport: null, target: 'ssh:root@pmg1:22' }], new Date());

    assert.doesNotThrow(() => checkPlanContent(plan));
    assert.doesNotThrow(() => parsePlan(serializePlan(plan), 'plan'));
  });
});

describe('sources files apt skips', () => {
  for (const [label, path] of SKIPPED) {
    test(`plan leaves out a file with ${label}`, async () => {
      const facts = withAptFile(pmg7Host(), path, 'deb http://deb.debian.org/debian bullseye-backports main\n');
      const factsFile = temp.write(`skipped-${label.replace(/\W+/g, '-')}.json`, JSON.stringify(facts));
      const desired = temp.write('desired.toml', DESIRED);
      const out = join(temp.path, `skipped-${label.replace(/\W+/g, '-')}.plan.json`);
      const run = await runCli(['plan', desired, '--facts', factsFile, '--out', out, '--json']);
      const plan = JSON.parse(run.stdout) as { actions: unknown[] };

      assert.equal(run.status, 0, run.stderr);
      assert.equal(existsSync(out), true, 'the plan was saved');
      assert.ok(!JSON.stringify(plan.actions).includes(path), 'no action names the file');
    });
  }
});

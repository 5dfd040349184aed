/**
 * Every broken desired-state file, saved plan and facts file of a seeded
 * corpus goes through the real CLI entry point and must be rejected. That
 * means exit status 1, a message naming the file and a location in it, no
 * internal error, and a bounded time.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { DEFAULT_DESIRED_STATE, loadDesiredState } from '../../../lib/config/load.js';
import { buildPlan } from '../../../lib/cli/build-plan.js';
import type { Plan } from '../../../lib/plan/model.js';
import { serializePlan } from '../../../lib/planfile/index.js';
import { pmg7Host } from '../../support/facts.js';
import { factsCorpus } from './corpus-facts.js';
import { planCorpus } from './corpus-plan.js';
import { fullDesiredState, tomlCorpus, type CorpusCase } from './corpus-toml.js';
import { assertRejected, runCli, TempDir } from './support.js';
import TOML from '@iarna/toml';

const SEED = 0x5eed_7077;
const temp = new TempDir();
let goodFacts = '';
let goodPlan: Plan;

before(async () => {
  goodFacts = temp.write('good.facts.json', JSON.stringify(pmg7Host(), null, 2));
  const loaded = await loadDesiredState(DEFAULT_DESIRED_STATE);
  goodPlan = buildPlan(loaded, [{ name: 'pmg1', facts: pmg7Host(), transport: null, target: 'ssh:root@pmg1:22' }], new Date('2026-12-01T11:00:00Z'));
});
after(() => temp.remove());

/** Writes each case to its own file, runs the CLI on it and lists every case it did not reject. */
async function rejectAll(cases: CorpusCase[], extension: string, argv: (file: string) => string[]): Promise<void> {
  const failures: string[] = [];
  for (const [index, item] of cases.entries()) {
    const file = temp.write(`case-${index}.${extension}`, item.bytes);
    const run = await runCli(argv(file));
    try {
      assertRejected(run, file, `case ${index} (${item.name})`, item.wholeFile ?? false);
    } catch (error) {
      failures.push((error as Error).message.slice(0, 1500));
    }
  }

  assert.deepEqual(failures, []);
}

describe('hostile input corpus', () => {
  test('valid inputs are accepted', async () => {
    const desired = temp.write('full.toml', TOML.stringify(fullDesiredState() as TOML.JsonMap));
    const plan = await runCli(['plan', desired, '--facts', goodFacts]);
    assert.doesNotMatch(plan.stderr, /^Error/m, plan.stderr);
    assert.match(plan.stdout, /pmg1/);

    const saved = temp.write('good.plan.json', serializePlan(goodPlan));
    const show = await runCli(['show', saved]);
    assert.equal(show.status, 0, show.stderr);
  });

  test('broken desired-state files', { timeout: 300_000 }, async () => {
    const cases = tomlCorpus(SEED, readFileSync(DEFAULT_DESIRED_STATE, 'utf8'));
    assert.ok(cases.length >= 150, `only ${cases.length} cases`);

    await rejectAll(cases, 'toml', (file) => ['plan', file, '--facts', goodFacts]);
  });

  test('broken saved plans', { timeout: 300_000 }, async () => {
    const cases = planCorpus(SEED, goodPlan);
    assert.ok(cases.length >= 150, `only ${cases.length} cases`);

    await rejectAll(cases, 'json', (file) => ['show', file]);
  });

  test('broken facts files', { timeout: 300_000 }, async () => {
    const cases = factsCorpus(SEED, pmg7Host());
    assert.ok(cases.length >= 100, `only ${cases.length} cases`);

    await rejectAll(cases, 'json', (file) => ['plan', '--facts', file]);
  });

  test('the corpus holds at least 300 inputs', () => {
    const total =
      tomlCorpus(SEED, readFileSync(DEFAULT_DESIRED_STATE, 'utf8')).length +
      planCorpus(SEED, goodPlan).length +
      factsCorpus(SEED, pmg7Host()).length;
    assert.ok(total >= 300, `${total} inputs`);
  });
});

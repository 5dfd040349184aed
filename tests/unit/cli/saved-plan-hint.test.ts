import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { savedPlanHint } from '../../../lib/cli/saved-plan-hint.js';
import { parsePlan } from '../../../lib/planfile/index.js';
import type { Plan } from '../../../lib/plan/model.js';
import { pmg7Host } from '../../support/facts.js';
import { run, tempDir, writeFacts } from './support.js';

function oldPmgApi() {
  const facts = pmg7Host();
  facts.packages['pmg-api'] = { ...facts.packages['pmg-api']!, version: '7.3-4' };

  return facts;
}

/** Plans `facts` with --out and returns the outcome, the saved plan and its path. */
async function planSaved(dir: string, facts: ReturnType<typeof pmg7Host>) {
  const file = await writeFacts(dir, 'pmg1.json', facts);
  const out = join(dir, 'plan.json');
  const outcome = await run(['plan', '--facts', file, '--out', out, '--no-color']);
  const plan: Plan = parsePlan(await readFile(out, 'utf8'), out);

  return { outcome, plan, out };
}

describe('saved-plan-hint', () => {
  describe('savedPlanHint()', () => {
    test('live plan names apply', async (t) => {
      const { plan } = await planSaved(await tempDir(t), pmg7Host());
      const live: Plan = { ...plan, hosts: plan.hosts.map((host) => ({ ...host, target: 'ssh:root@gw1.example.net' })) };

      assert.equal(savedPlanHint(live, 'gw1.plan.json'), '\nSaved the plan to gw1.plan.json. Apply exactly this plan with: pmgup apply gw1.plan.json\n');
      assert.match(savedPlanHint({ ...live, hosts: live.hosts.map((host) => ({ ...host, target: 'local' })) }, 'p.json'), /pmgup apply p\.json/);
    });

    test('errored live plan names no apply', async (t) => {
      const { plan } = await planSaved(await tempDir(t), oldPmgApi());
      const live: Plan = { ...plan, hosts: plan.hosts.map((host) => ({ ...host, target: 'local' })) };
      const hint = savedPlanHint(live, 'p.json');

      assert.doesNotMatch(hint, /pmgup apply p\.json/);
      assert.match(hint, /fix what the plan reports and run pmgup plan again/);
      assert.doesNotMatch(hint, /recorded facts/);
    });
  });

  describe('plan --out', () => {
    test('facts plan is for review', async (t) => {
      const { outcome, out } = await planSaved(await tempDir(t), pmg7Host());

      assert.equal(outcome.status, 0);
      assert.doesNotMatch(outcome.stdout, /Apply exactly this plan/);
      assert.ok(outcome.stdout.includes(`\nSaved the plan to ${out} for review only.\n`), outcome.stdout);
      assert.match(outcome.stdout, /hosts planned from recorded facts \(pmg1\)\. To get a plan to apply, plan the live hosts with --host/);
      assert.doesNotMatch(outcome.stdout, /rejects a plan with errors/);
    });

    test('errored plan is saved with both reasons', async (t) => {
      const { outcome, plan, out } = await planSaved(await tempDir(t), oldPmgApi());

      assert.equal(outcome.status, 1);
      assert.equal(plan.errored, true, 'the errored plan is still saved');
      assert.match(outcome.stdout, /Planning found 1 error: this plan cannot be applied\./);
      assert.doesNotMatch(outcome.stdout, /Apply exactly this plan/);
      assert.ok(outcome.stdout.includes(`\nSaved the plan to ${out} for review only.\n`), outcome.stdout);
      assert.match(outcome.stdout, /pmgup apply rejects a plan with errors: fix what the plan reports and run pmgup plan again\./);
      assert.match(outcome.stdout, /recorded facts \(pmg1\)/);
    });
  });
});

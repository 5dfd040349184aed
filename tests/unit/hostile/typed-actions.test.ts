/**
 * Apply executes typed actions, not strings. A command hidden in a saved
 * plan is rejected on load wherever the schema has no place for it; where
 * the plan carries free text for review (the reason, changes, file diffs,
 * diagnostics), the text is shown and never reaches a script that apply
 * runs.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { applyPlan, RecordingReporter } from '../../../lib/apply/index.js';
import type { Action, Plan, Step } from '../../../lib/plan/model.js';
import { planDigest } from '../../../lib/planfile/digest.js';
import { maskedUnit, pmg7Host, unit } from '../../support/facts.js';
import { action, DESIRED_SHA, FakeHost, HOST, planFor, TOOL_VERSION } from '../apply/fixtures.js';
import { assertRejected, runCli, TempDir } from './support.js';

const temp = new TempDir();
after(() => temp.remove());
const canary = join(temp.path, 'canary');
const COMMAND = `$(touch ${canary})`;
const MAIL = ['postfix.service', 'pmgproxy.service'];

/** A plan of real steps whose review-only text all carries COMMAND. */
function planWithCommandText(facts = pmg7Host()): Plan {
  const withText = (item: Action): Action => ({
    ...item,
    reason: { attribute: `apt ${COMMAND}`, desired: COMMAND, actual: `\`touch ${canary}\``, text: `Because ${COMMAND}; touch ${canary}` },
    changes: [{ subject: COMMAND, before: COMMAND, after: `;touch ${canary}` }],
    fileDiffs: [{ path: '/etc/apt/sources.list', diff: `--- a\n+++ b\n@@ -1 +1 @@\n-deb x\n+${COMMAND}\n` }],
  });
  const actions = [
    withText(action('stop-units', { kind: 'stop-units', units: MAIL, mask: true }, MAIL.map((name) => `units[${name}]`))),
    withText(action('disable-units', { kind: 'disable-units', units: ['clamav-clamonacc.service'] }, ['units[clamav-clamonacc.service]'])),
  ];
  const plan = planFor(facts, actions);
  plan.diagnostics.push({ host: HOST, code: 'note-text', severity: 'notice', subject: COMMAND, message: COMMAND, fix: `run ${COMMAND}` });

  return plan;
}

/** A fake host whose probe shows the effect of the stop and disable scripts. */
function fakeHost(): FakeHost {
  const host: FakeHost = new FakeHost(pmg7Host(), [
    (script) => {
      if (script.includes('systemctl mask')) {
        for (const name of MAIL) host.facts.units[name] = maskedUnit();
      }
      if (script.includes('systemctl disable --now')) {
        host.facts.units['clamav-clamonacc.service'] = unit('inactive', 'disabled');
      }

      return { stdout: '' };
    },
  ]);

  return host;
}

/** Writes the plan with a digest of its content, as an editor who recomputes it would. */
function save(name: string, plan: unknown): string {
  return temp.write(name, JSON.stringify({ ...(plan as Plan), digest: planDigest(plan as Plan) }, null, 2));
}

describe('typed actions', () => {
  test('commands hidden in the plan are rejected on load', async () => {
    const hiding: [string, (plan: Plan & Record<string, unknown>) => void][] = [
      ['step', (plan) => Object.assign(plan.actions[0]!.step, { command: COMMAND })],
      ['action', (plan) => Object.assign(plan.actions[0]!, { command: COMMAND })],
      ['reason', (plan) => Object.assign(plan.actions[0]!.reason, { command: COMMAND })],
      ['file diff', (plan) => Object.assign(plan.actions[0]!.fileDiffs[0]!, { command: COMMAND })],
      ['run kind', (plan) => (plan.actions[0]!.step = { kind: 'run', command: COMMAND } as unknown as Step)],
      ['shell kind with units', (plan) => (plan.actions[0]!.step = { kind: 'shell', units: MAIL, mask: true } as unknown as Step)],
      ['unit name', (plan) => (plan.actions[0]!.step = { kind: 'stop-units', units: [`postfix.service;${COMMAND}`], mask: true })],
      ['top level', (plan) => (plan.postApply = COMMAND)],
    ];
    for (const [place, edit] of hiding) {
      const plan = planWithCommandText() as Plan & Record<string, unknown>;
      edit(plan);
      const file = save(`hidden-${place.replace(/ /g, '-')}.json`, plan);

      assertRejected(await runCli(['show', file]), file, `show with a command on the ${place}`);
      assertRejected(await runCli(['apply', file, '--auto-approve']), file, `apply with a command on the ${place}`);
    }
    assert.equal(existsSync(canary), false);
  });

  test('review text loads and is shown as text', async () => {
    const file = save('review-text.json', planWithCommandText());
    const run = await runCli(['show', file]);

    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stdout.includes(`Because ${COMMAND}`), 'the reason is shown as written');
    assert.equal(existsSync(canary), false);
  });

  test('apply never puts review text into a script', async () => {
    const host = fakeHost();
    const reporter = new RecordingReporter();
    const result = await applyPlan(planWithCommandText(host.facts), {
      transports: new Map([[HOST, host.transport]]),
      desiredStateSha256: DESIRED_SHA,
      toolVersion: TOOL_VERSION,
      reporter,
      probe: host.probe,
      sleep: async () => {},
      local: { hostname: 'client', user: 'ops', pid: 4242, isAlive: () => true },
    });

    assert.equal(result.ok, true, JSON.stringify(result.failure));
    assert.ok(host.stepScripts().length >= 2, 'the steps ran');
    for (const script of host.transport.scripts) {
      assert.equal(script.includes(canary), false, `a script carries review text:\n${script}`);
      assert.equal(script.includes('Because'), false, `a script carries the reason:\n${script}`);
    }
    for (const input of host.transport.inputs) {
      assert.equal(input?.includes(canary) ?? false, false, 'standard input carries review text');
    }
    assert.equal(existsSync(canary), false);
  });
});

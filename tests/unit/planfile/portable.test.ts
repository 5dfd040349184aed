/**
 * A saved plan travels with its repository: saved in one folder tree, the
 * tree copied elsewhere and the original removed, it still finds its
 * desired-state file, applies, and notices a changed desired state.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';

import { applyPlan, RecordingReporter, StalePlanError } from '../../../lib/apply/index.js';
import type { ApplyOptions } from '../../../lib/apply/types.js';
import { UserError } from '../../../lib/errors.js';
import type { Plan } from '../../../lib/plan/model.js';
import { desiredStateRecord, loadPlan, readPlanDesiredState, savePlan } from '../../../lib/planfile/index.js';
import { pmg7Host, unit } from '../../support/facts.js';
import { action, FakeHost, HOST, planFor, TOOL_VERSION } from '../apply/fixtures.js';

const DESIRED = '[target]\nrelease = "bookworm"\n';

const disable = action('disable-units', { kind: 'disable-units', units: ['clamav-clamonacc.service'] }, ['units[clamav-clamonacc.service]']);

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pmgup-portable-'));
  t.after(() => rm(dir, { recursive: true, force: true }));

  return dir;
}

/** Returns a host on which disabling the on-access scanner shows in the next probe. */
function scannerHost(): FakeHost {
  const host: FakeHost = new FakeHost(pmg7Host(), [
    (script) => {
      if (script.includes('systemctl disable --now')) {
        host.facts.units['clamav-clamonacc.service'] = unit('inactive', 'disabled');
      }

      return { stdout: '' };
    },
  ]);

  return host;
}

/** Returns the options of an apply on `host` by another user, with the desired state found now. */
function applyOptions(host: FakeHost, desiredStateSha256: string): ApplyOptions {
  return {
    transports: new Map([[HOST, host.transport]]),
    desiredStateSha256,
    toolVersion: TOOL_VERSION,
    reporter: new RecordingReporter(),
    probe: host.probe,
    sleep: async () => {},
    local: { hostname: 'ci', user: 'bob', pid: 4242, isAlive: () => true },
  };
}

/**
 * Writes a repository at `root/alice/repo` with a desired state in
 * `desired/` and a plan saved in `plans/`, copies it to `root/bob/repo`,
 * removes the original and returns the copied plan file.
 */
async function savedAndMoved(root: string, plan: Plan): Promise<string> {
  const original = join(root, 'alice', 'repo');
  await mkdir(join(original, 'desired'), { recursive: true });
  await mkdir(join(original, 'plans'));
  const desiredFile = join(original, 'desired', 'gw.toml');
  await writeFile(desiredFile, DESIRED);
  const planFile = join(original, 'plans', 'gw.plan.json');
  await savePlan({ ...plan, formatVersion: 2, desiredState: desiredStateRecord(desiredFile, sha256(DESIRED), join(original, 'plans')) }, planFile);

  const copy = join(root, 'bob', 'repo');
  await cp(original, copy, { recursive: true });
  await rm(join(root, 'alice'), { recursive: true });

  return join(copy, 'plans', 'gw.plan.json');
}

describe('planfile portability', () => {
  test('plan file names no absolute path', async (t) => {
    const root = await tempDir(t);
    const planFile = await savedAndMoved(root, planFor(pmg7Host(), [disable]));
    const text = await readFile(planFile, 'utf8');

    assert.ok(!text.includes(root), 'the plan leaks the folder it was saved in');
    assert.match(text, /"relativeTo": "plan-file",\n\s+"path": "\.\.\/desired\/gw\.toml",/);
  });

  test('copied plan applies', async (t) => {
    const root = await tempDir(t);
    const host = scannerHost();
    const planFile = await savedAndMoved(root, planFor(host.facts, [disable]));

    const plan = await loadPlan(planFile);
    const desired = await readPlanDesiredState(plan, planFile);
    assert.equal(desired.path, join(root, 'bob', 'repo', 'desired', 'gw.toml'));
    assert.equal(desired.sha256, sha256(DESIRED));

    const result = await applyPlan(plan, applyOptions(host, desired.sha256));
    assert.equal(result.ok, true);
    assert.equal(host.facts.units['clamav-clamonacc.service']?.unitFileState, 'disabled');
  });

  test('changed desired state in the copy is stale', async (t) => {
    const root = await tempDir(t);
    const host = scannerHost();
    const planFile = await savedAndMoved(root, planFor(host.facts, [disable]));
    await writeFile(join(root, 'bob', 'repo', 'desired', 'gw.toml'), `${DESIRED}# edited\n`);

    const plan = await loadPlan(planFile);
    const desired = await readPlanDesiredState(plan, planFile);
    assert.notEqual(desired.sha256, plan.desiredState.sha256);

    await assert.rejects(applyPlan(plan, applyOptions(host, desired.sha256)), (error: unknown) => {
      assert.ok(error instanceof StalePlanError);
      assert.match(error.detail, /desired state \.\.\/desired\/gw\.toml \(sha256\)/);

      return true;
    });
    assert.deepEqual(host.stepScripts(), []);
  });

  test('plan moved without its desired state', async (t) => {
    const root = await tempDir(t);
    const planFile = await savedAndMoved(root, planFor(pmg7Host(), [disable]));
    const lone = join(root, 'gw.plan.json');
    await cp(planFile, lone);

    const plan = await loadPlan(lone);
    await assert.rejects(readPlanDesiredState(plan, lone), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.equal(error.message, 'Cannot read the desired-state file the plan was made from');
      assert.ok(error.detail.includes(`${lone} records the desired-state file "../desired/gw.toml" relative to its own folder`), error.detail);
      assert.ok(error.detail.includes(`which is ${join(root, '..', 'desired', 'gw.toml')}: no such file.`), error.detail);
      assert.match(error.detail, /Keep the plan file and its desired-state file in the same places relative to each other/);

      return true;
    });
  });
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { MAX_DESIRED_STATE_BYTES } from '../../../lib/config/load.js';
import { packageFile } from '../../../lib/config/schema-files.js';
import { UserError } from '../../../lib/errors.js';
import type { Plan } from '../../../lib/plan/model.js';
import { readPlanDesiredState } from '../../../lib/planfile/desired-file.js';
import { fullPlan } from './sample-plan.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pmgup-desired-file-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function planNaming(desiredState: Plan['desiredState'], formatVersion: 1 | 2 = 2): Plan {
  return { ...fullPlan(), formatVersion, desiredState };
}

function sha256(bytes: string | Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Asserts that reading the plan's desired state fails with `reason` in the detail. */
async function assertUnreadable(plan: Plan, planFile: string, reason: RegExp): Promise<void> {
  await assert.rejects(readPlanDesiredState(plan, planFile), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.equal(error.message, 'Cannot read the desired-state file the plan was made from');
    assert.match(error.detail, reason);

    return true;
  });
}

describe('planfile/desired-file', () => {
  describe('readPlanDesiredState()', () => {
    test('shipped desired state', async () => {
      const plan = planNaming({ relativeTo: 'pmgup', path: 'plans/pmg-8.toml', sha256: 'a'.repeat(64) });
      const found = await readPlanDesiredState(plan, join(dir, 'gw.plan.json'));

      assert.equal(found.path, packageFile('plans/pmg-8.toml'));
      assert.equal(found.sha256.length, 64);
    });

    test('format 1 absolute path', async () => {
      const file = join(dir, 'absolute.toml');
      await writeFile(file, 'x = 1\n');
      const found = await readPlanDesiredState(planNaming({ path: file, sha256: 'a'.repeat(64) }, 1), '/elsewhere/gw.plan.json');

      assert.deepEqual(found, { path: file, sha256: sha256('x = 1\n') });
    });

    test('format 1 relative path uses the current directory', async () => {
      const file = join(dir, 'relative.toml');
      await writeFile(file, 'y = 2\n');
      const recorded = relative(process.cwd(), file);
      const found = await readPlanDesiredState(planNaming({ path: recorded, sha256: 'a'.repeat(64) }, 1), '/elsewhere/gw.plan.json');

      assert.equal(found.sha256, sha256('y = 2\n'));
    });

    test('format 1 missing file advises a new plan', async () => {
      const plan = planNaming({ path: 'no-such-desired.toml', sha256: 'a'.repeat(64) }, 1);

      await assertUnreadable(plan, 'old.plan.json', /"no-such-desired\.toml" as given on the command line \(plan format version 1\)/);
      await assertUnreadable(plan, 'old.plan.json', /make the plan again with this pmgup, which records the path relative to the plan file/);
    });

    test('missing shipped file names the version', async () => {
      const plan = planNaming({ relativeTo: 'pmgup', path: 'plans/pmg-9.toml', sha256: 'a'.repeat(64) });

      await assertUnreadable(plan, 'gw.plan.json', /pmgup's shipped desired state "plans\/pmg-9\.toml", which is .*: no such file\./);
      await assertUnreadable(plan, 'gw.plan.json', /with the pmgup version that made it/);
    });

    test('folder is not read', async () => {
      const plan = planNaming({ relativeTo: 'plan-file', path: '.', sha256: 'a'.repeat(64) });

      await assertUnreadable(plan, join(dir, 'gw.plan.json'), /: not a regular file\./);
    });

    test('device is not read', async () => {
      const plan = planNaming({ path: '/dev/zero', sha256: 'a'.repeat(64) }, 1);

      await assertUnreadable(plan, join(dir, 'gw.plan.json'), /which is \/dev\/zero: not a regular file\./);
    });

    test('oversized file is not read', async () => {
      const file = join(dir, 'large.toml');
      await writeFile(file, '');
      await truncate(file, MAX_DESIRED_STATE_BYTES + 1);
      const plan = planNaming({ relativeTo: 'plan-file', path: 'large.toml', sha256: 'a'.repeat(64) });

      await assertUnreadable(plan, join(dir, 'gw.plan.json'), new RegExp(`${MAX_DESIRED_STATE_BYTES + 1} bytes, more than the ${MAX_DESIRED_STATE_BYTES} that pmgup reads`));
    });
  });
});

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { packageFile } from '../../../lib/config/schema-files.js';
import type { Plan } from '../../../lib/plan/model.js';
import { desiredStatePath, desiredStateProblems, desiredStateRecord } from '../../../lib/planfile/desired-state.js';
import { fullPlan } from './sample-plan.js';

const SHA = 'a'.repeat(64);

/** Returns fullPlan() with another format version and desired-state record. */
function planWith(formatVersion: 1 | 2, desiredState: Plan['desiredState']): Plan {
  return { ...fullPlan(), formatVersion, desiredState };
}

describe('planfile/desired-state', () => {
  describe('desiredStateRecord()', () => {
    test('file beside the plan', () => {
      const record = desiredStateRecord('/home/alice/repo/gw.toml', SHA, '/home/alice/repo');

      assert.deepEqual(record, { relativeTo: 'plan-file', path: 'gw.toml', sha256: SHA });
    });

    test('file in a sibling folder', () => {
      const record = desiredStateRecord('/home/alice/repo/desired/gw.toml', SHA, '/home/alice/repo/plans/2026');

      assert.equal(record.path, '../../desired/gw.toml');
      assert.equal(record.relativeTo, 'plan-file');
    });

    test('relative input is read from the current directory', () => {
      const record = desiredStateRecord('desired/gw.toml', SHA, join(process.cwd(), 'plans'));

      assert.equal(record.path, '../desired/gw.toml');
    });

    test('shipped desired state is relative to pmgup', () => {
      const record = desiredStateRecord(packageFile('plans/pmg-8.toml'), SHA, '/home/alice/repo');

      assert.deepEqual(record, { relativeTo: 'pmgup', path: 'plans/pmg-8.toml', sha256: SHA });
    });

    test('file elsewhere in pmgup is relative to the plan', () => {
      const record = desiredStateRecord(packageFile('examples/gw.toml'), SHA, packageFile('.'));

      assert.deepEqual(record, { relativeTo: 'plan-file', path: 'examples/gw.toml', sha256: SHA });
    });
  });

  describe('desiredStatePath()', () => {
    test('plan-file resolves against the plan folder', () => {
      const path = desiredStatePath({ relativeTo: 'plan-file', path: '../desired/gw.toml', sha256: SHA }, '/srv/ci/repo/plans/gw.plan.json');

      assert.equal(path, '/srv/ci/repo/desired/gw.toml');
    });

    test('pmgup resolves against the installation', () => {
      const path = desiredStatePath({ relativeTo: 'pmgup', path: 'plans/pmg-8.toml', sha256: SHA }, '/srv/ci/gw.plan.json');

      assert.equal(path, packageFile('plans/pmg-8.toml'));
    });

    test('format 1 path is used as recorded', () => {
      assert.equal(desiredStatePath({ path: '/home/alice/gw.toml', sha256: SHA }, '/srv/gw.plan.json'), '/home/alice/gw.toml');
      assert.equal(desiredStatePath({ path: 'gw.toml', sha256: SHA }, '/srv/gw.plan.json'), 'gw.toml');
    });

    test('record of a saved plan resolves to the file', () => {
      const file = '/home/bob/work/desired/gw.toml';
      const record = desiredStateRecord(file, SHA, '/home/bob/work/plans');

      assert.equal(desiredStatePath(record, '/home/bob/work/plans/gw.plan.json'), file);
    });
  });

  describe('desiredStateProblems()', () => {
    const cases: { name: string; plan: Plan; expected: string[] }[] = [
      { name: 'format 2 relative to the plan', plan: planWith(2, { relativeTo: 'plan-file', path: '../gw.toml', sha256: SHA }), expected: [] },
      { name: 'format 2 shipped', plan: planWith(2, { relativeTo: 'pmgup', path: 'plans/pmg-8.toml', sha256: SHA }), expected: [] },
      { name: 'format 1 absolute', plan: planWith(1, { path: '/home/alice/gw.toml', sha256: SHA }), expected: [] },
      { name: 'format 1 relative', plan: planWith(1, { path: 'plans/pmg-8.toml', sha256: SHA }), expected: [] },
      {
        name: 'format 2 without relativeTo',
        plan: planWith(2, { path: 'gw.toml', sha256: SHA }),
        expected: ['/desiredState: relativeTo is missing, which a plan of format version 2 needs to find its desired-state file'],
      },
      {
        name: 'format 2 absolute',
        plan: planWith(2, { relativeTo: 'plan-file', path: '/home/alice/gw.toml', sha256: SHA }),
        expected: ['/desiredState/path: "/home/alice/gw.toml" is absolute, but a plan of format version 2 records a path relative to plan-file'],
      },
      {
        name: 'shipped path leaving plans/',
        plan: planWith(2, { relativeTo: 'pmgup', path: 'plans/../../etc/gw.toml', sha256: SHA }),
        expected: [`/desiredState/path: "plans/../../etc/gw.toml" is not in pmgup's plans/ folder, the only folder a plan may name relative to pmgup`],
      },
      {
        name: 'shipped path outside plans/',
        plan: planWith(2, { relativeTo: 'pmgup', path: 'package.json', sha256: SHA }),
        expected: [`/desiredState/path: "package.json" is not in pmgup's plans/ folder, the only folder a plan may name relative to pmgup`],
      },
      {
        name: 'format 1 with relativeTo',
        plan: planWith(1, { relativeTo: 'plan-file', path: 'gw.toml', sha256: SHA }),
        expected: ['/desiredState/relativeTo: relativeTo is only valid in a plan of format version 2, and this plan has format version 1'],
      },
    ];

    for (const { name, plan, expected } of cases) {
      test(name, () => {
        const lines = desiredStateProblems(plan).map((problem) => `/${problem.path.join('/')}: ${problem.message}`);

        assert.deepEqual(lines, expected);
      });
    }
  });
});

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { buildCommand, type CommandPlan } from '../../../../lib/apply/commands/index.js';
import { buildGuardedWrite } from '../../../../lib/apply/commands/guarded-write.js';
import type { Step, StepKind } from '../../../../lib/plan/model.js';
import { repositoryRoot, shellSyntaxError } from '../support.js';
import { CONTEXT, SAMPLES } from './samples.js';

const GOLDEN_DIR = join(repositoryRoot(), 'tests', 'unit', 'apply', 'commands', 'golden');

/** Returns the text a command plan runs on the host, for the golden files. */
function renderedScript(plan: CommandPlan): string {
  switch (plan.mode) {
    case 'inline':
    case 'reboot':
      return plan.script;
    case 'detached':
      return `${plan.body}\n`;
    case 'rewrite-file':
      return buildGuardedWrite({ path: plan.path, beforeSha256: plan.beforeSha256, afterSha256: 'c'.repeat(64), createMode: plan.createMode });
    case 'probe-only':
      return '';
  }
}

describe('apply/commands', () => {
  for (const kind of Object.keys(SAMPLES) as StepKind[]) {
    describe(kind, () => {
      const plan = buildCommand(SAMPLES[kind] as Step, CONTEXT);
      const script = renderedScript(plan);

      test('script parses with sh -n', () => {
        assert.equal(shellSyntaxError(script), '');
      });

      test('script matches its golden file', () => {
        const golden = join(GOLDEN_DIR, `${kind}.sh`);
        if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) {
          writeFileSync(golden, script);
        }
        assert.equal(script, readFileSync(golden, 'utf8'));
      });
    });
  }

  test('long steps run detached, reboot and verify have their own modes', () => {
    const modes = Object.fromEntries(
      (Object.keys(SAMPLES) as StepKind[]).map((kind) => [kind, buildCommand(SAMPLES[kind] as Step, CONTEXT).mode]),
    );
    assert.equal(modes['dist-upgrade'], 'detached');
    assert.equal(modes['download-packages'], 'detached');
    assert.equal(modes['upgrade-pg-cluster'], 'detached');
    assert.equal(modes.reboot, 'reboot');
    assert.equal(modes.verify, 'probe-only');
    assert.equal(modes['edit-apt-sources'], 'rewrite-file');
    assert.equal(modes['fix-template'], 'rewrite-file');
    assert.equal(modes['stop-units'], 'inline');
  });

  test('package steps never read standard input and never prompt', () => {
    for (const kind of ['dist-upgrade', 'download-packages', 'remove-packages', 'purge-packages', 'apt-update'] as const) {
      const script = renderedScript(buildCommand(SAMPLES[kind], CONTEXT));
      assert.match(script, /DEBIAN_FRONTEND=noninteractive/, kind);
      assert.match(script, /APT_LISTCHANGES_FRONTEND=none/, kind);
      assert.match(script, /APT_LISTBUGS_FRONTEND=none/, kind);
      assert.match(script, /PAGER=cat/, kind);
      assert.match(script, /LC_ALL=C\.UTF-8/, kind);
      assert.match(script, /Dpkg::Options::=--force-confdef/, kind);
      assert.match(script, /APT::Get::Assume-Yes=true/, kind);
      assert.match(script, /apt-get [^\n]*<\/dev\/null/, kind);
    }
  });

  test('dist-upgrade keeps configuration files by default', () => {
    const script = renderedScript(buildCommand(SAMPLES['dist-upgrade'], CONTEXT));
    assert.match(script, /--force-confold/);
    assert.match(script, /UCF_FORCE_CONFFOLD=1/);
    assert.doesNotMatch(script, /--force-confnew/);
  });

  test('dist-upgrade with a maintainer default saves the files to keep first', () => {
    const step = { ...SAMPLES['dist-upgrade'], conffileDefault: 'maintainer' as const };
    const script = renderedScript(buildCommand(step, CONTEXT));
    assert.match(script, /--force-confnew/);
    assert.match(script, /UCF_FORCE_CONFFNEW=1/);
    assert.match(script, /cp -p -- \/etc\/issue \/etc\/issue\.pmgup-keep/);
    assert.doesNotMatch(script, /sshd_config\.pmgup-keep/);
  });

  test('unmask of mail services checks the database first', () => {
    const script = renderedScript(buildCommand(SAMPLES['unmask-units'], CONTEXT));
    assert.ok(script.indexOf('SHOW server_version_num') < script.indexOf('systemctl unmask'));
  });

  test('unmask of other units has no database check', () => {
    const step = { kind: 'unmask-units' as const, units: ['chrony.service'], start: false };
    const script = renderedScript(buildCommand(step, CONTEXT));
    assert.doesNotMatch(script, /server_version_num/);
  });

  test('purge of a client package alone has no database check', () => {
    const step = { kind: 'purge-packages' as const, packages: ['postgresql-client-13'] };
    const script = renderedScript(buildCommand(step, CONTEXT));
    assert.doesNotMatch(script, /server_version_num/);
  });
});

/**
 * End-to-end test of the configuration-file questions on the Debian 11
 * test host with a locally changed /etc/issue (a dpkg conffile of
 * base-files), sshd_config (managed by ucf) and a postgresql.conf.in
 * template override: the simulation predicts each question with its diff
 * without changing the host, and apply answers each one as the shipped
 * policy says, without a prompt, recording every file's outcome.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { Action, Plan } from '../../lib/plan/model.js';
import { bootHost, type TestHost } from '../testhost/host.js';
import { hostArgs, hostJournal, onHost, runPmgup, type CliRun } from './apply-support.js';

const DESIRED = 'plans/pmg-8.toml';
const UPGRADE_TIMEOUT_MS = 25 * 60_000;
const workDir = mkdtempSync(join(tmpdir(), 'pmgup-e2e-conffiles-'));
const planFile = join(workDir, 'plan.json');

/** Checksums of everything apt and dpkg keep, which the simulation must leave alone. */
const STATE_SUMS = [
  'find /etc/apt /var/lib/apt/lists /var/cache/apt /var/lib/dpkg -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum',
  'ls -d /var/tmp/pmgup-simulate.* /tmp/pmgup-simulate.* 2>/dev/null | wc -l',
].join('\n');

/** The texts dpkg and ucf print only when they ask interactively. */
const PROMPTS = /What would you like to do about it|What do you want to do about modified configuration file/;

function actionOf(plan: Plan, kind: string): Action {
  const found = plan.actions.find((action) => action.step.kind === kind);
  assert.ok(found, `the plan has no ${kind} action: ${plan.actions.map((action) => action.id).join(', ')}`);

  return found;
}

describe('configuration-file questions on the test host', { timeout: UPGRADE_TIMEOUT_MS + 5 * 60_000 }, () => {
  let host: TestHost;
  let planned: CliRun;
  let plan: Plan;
  let stateBefore: string;
  let stateAfterPlan: string;

  before(async () => {
    host = await bootHost({ name: `conffiles-e2e-${process.pid}`, variants: ['modified-conffiles', 'template-override'] });
    stateBefore = await onHost(host, STATE_SUMS);
    planned = await runPmgup(['plan', DESIRED, ...hostArgs(host), '--out', planFile]);
    stateAfterPlan = await onHost(host, STATE_SUMS);
    plan = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
  });

  after(async () => {
    await host?.down();
    rmSync(workDir, { recursive: true, force: true });
  });

  test('the simulation leaves apt and dpkg state alone', () => {
    assert.equal(planned.code, 0, `${planned.stdout}\n${planned.stderr}`);
    assert.match(planned.stderr, /Simulating the upgrade on /);
    assert.equal(stateAfterPlan, stateBefore);
    assert.match(stateAfterPlan, /\n0\n$/, 'a scratch directory was left behind');
  });

  test('the plan names both questions with answer and key', () => {
    const upgrade = actionOf(plan, 'dist-upgrade');
    const questions = upgrade.changes.filter((change) => change.subject.startsWith('/etc/'));

    assert.deepEqual(questions, [
      { subject: '/etc/issue (dpkg)', before: 'asks: changed locally and by the new package', after: 'keep (conffiles.files."/etc/issue")' },
      {
        subject: '/etc/ssh/sshd_config (ucf)',
        before: 'asks: changed locally and by the new package',
        after: 'maintainer (conffiles.files."/etc/ssh/sshd_config")',
      },
    ]);
  });

  test('the plan shows each diff', () => {
    const diffs = new Map(actionOf(plan, 'dist-upgrade').fileDiffs.map((diff) => [diff.path, diff.diff]));

    assert.match(diffs.get('/etc/issue') ?? '', /^-Proxmox Mail Gateway test host \\n \\l$/m);
    assert.match(diffs.get('/etc/issue') ?? '', /^\+Debian GNU\/Linux 12 \\n \\l$/m);
    assert.match(diffs.get('/etc/ssh/sshd_config') ?? '', /^-ClientAliveInterval 120$/m);
    assert.match(diffs.get('/etc/ssh/sshd_config') ?? '', /^\+KbdInteractiveAuthentication no$/m);
    assert.match(diffs.get('/etc/pmg/templates/postgresql.conf.in') ?? '', /^-work_mem = 16MB$/m);
    assert.match(planned.stdout, /\+\+\+ \/etc\/ssh\/sshd_config\tmaintainer \(new openssh-server\)/);
  });

  test('files that will not be asked about are not questions', () => {
    const paths = actionOf(plan, 'resolve-conffiles').step;

    assert.deepEqual(paths, {
      kind: 'resolve-conffiles',
      files: [
        { path: '/etc/issue', answer: 'keep' },
        { path: '/etc/ssh/sshd_config', answer: 'maintainer' },
      ],
    });
    assert.doesNotMatch(planned.stdout, /\/etc\/issue\.net \(dpkg\)/);
    assert.doesNotMatch(planned.stdout, /createcluster\.conf \(ucf\)/);
  });

  test('the plan estimates the downtime', () => {
    const downtime = plan.hosts[0]?.downtime;

    assert.ok(downtime, 'the host plan has no downtime');
    assert.ok(downtime.estimateSeconds !== null && downtime.estimateSeconds > 0);
    assert.match(planned.stdout, /Mail downtime: \d+ actions, .*; estimated /);
  });

  test('apply answers each file as planned', { timeout: UPGRADE_TIMEOUT_MS }, async () => {
    const applied = await runPmgup(['apply', planFile, ...hostArgs(host)]);
    assert.equal(applied.code, 0, `${applied.stdout}\n${applied.stderr}`);
    assert.match(applied.stdout, /Apply complete: \d+ done, 0 failed, 0 not run/);

    // sshd_config: the maintainer's version, the local one kept aside.
    const sshd = await onHost(host, 'md5sum < /etc/ssh/sshd_config; md5sum < /usr/share/openssh/sshd_config; sshd -t && echo valid');
    const [installed, shipped, valid] = sshd.trim().split('\n');
    assert.equal(installed, shipped);
    assert.equal(valid, 'valid');
    assert.match(await onHost(host, 'cat /etc/ssh/sshd_config.pmgup-old'), /^ClientAliveInterval 120$/m);

    // /etc/issue: kept, the maintainer's version left next to it.
    assert.equal(await onHost(host, 'cat /etc/issue'), 'Proxmox Mail Gateway test host \\n \\l\n\n');
    assert.match(await onHost(host, 'cat /etc/issue.dpkg-dist'), /^Debian GNU\/Linux 12/);
    assert.match(await onHost(host, 'cat /etc/pmg/templates/postgresql.conf.in'), /^work_mem = 16MB$/m);
  });

  test('no package step asked anything', async () => {
    const logs = await onHost(host, 'cat /var/lib/pmgup/logs/*.log');

    assert.match(logs, /Configuration file '\/etc\/issue'/, 'the dist-upgrade log misses the conffile report');
    assert.doesNotMatch(logs, PROMPTS);
  });

  test('the journal records each file', async () => {
    const notes = (await hostJournal(host)).filter((entry) => entry.event === 'note').map((entry) => entry.detail);

    assert.ok(notes.includes('conffile /etc/issue: kept, other version at /etc/issue.dpkg-dist'), notes.join('\n'));
    assert.ok(notes.includes('conffile /etc/ssh/sshd_config: installed-maintainer, other version at /etc/ssh/sshd_config.pmgup-old'), notes.join('\n'));
    assert.ok(notes.some((note) => /^mail downtime ended after \d+ s/.test(note)), notes.join('\n'));
  });
});

/**
 * End-to-end tests of apply on the Debian 11 test host, through the real
 * pmgup command line: the full upgrade with the data checked row by row, an
 * apply killed during the dist-upgrade and run again (the same saved plan,
 * and a new plan), a saved plan applied after the host changed, and two
 * applies at once.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

import { bootHost, type TestHost } from '../testhost/host.js';
import { assertUpgraded, databaseDigest, hostArgs, hostJournal, onHost, runPmgup, startPmgup } from './apply-support.js';

const DESIRED = 'plans/pmg-8.toml';
const UPGRADE_TIMEOUT_MS = 25 * 60_000;
const workDir = mkdtempSync(join(tmpdir(), 'pmgup-e2e-apply-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

async function withHost(body: (host: TestHost) => Promise<void>): Promise<void> {
  const host = await bootHost();
  try {
    await body(host);
  } finally {
    await host.down();
  }
}

/** Fingerprints of what a refused apply must not touch: apt sources, dpkg status, units, clusters, pmgup's state. */
async function untouchedState(host: TestHost): Promise<string> {
  return onHost(
    host,
    [
      'sha256sum /etc/apt/sources.list /etc/apt/sources.list.d/* /var/lib/dpkg/status',
      'systemctl is-active postfix pmgproxy pmgdaemon || true',
      'pg_lsclusters --no-header',
      'ls -A /var/lib/pmgup 2>/dev/null || true',
    ].join('\n'),
  );
}

describe('pmgup apply on the test host', () => {
  test('upgrades PMG 7 to 8 and keeps every row', { timeout: UPGRADE_TIMEOUT_MS }, async () => {
    await withHost(async (host) => {
      const digest = await databaseDigest(host);

      const applied = await runPmgup(['apply', DESIRED, ...hostArgs(host), '--auto-approve']);
      assert.equal(applied.code, 0, `${applied.stdout}\n${applied.stderr}`);
      assert.match(applied.stdout, /Apply complete: \d+ done, 0 failed, 0 not run/);
      assert.match(applied.stdout, /Mail downtime on .*: \d/);
      assert.match(applied.stdout, /Backup archive on .*: \/var\/lib\/pmg\/backup\/pmg-backup_/);

      await assertUpgraded(host, digest);
      await assertMainClusterFromUpgradeOnly(host, applied.stdout);

      const again = await runPmgup(['plan', DESIRED, ...hostArgs(host), '--detailed-exitcode']);
      assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
      assert.match(again.stdout, /No changes/);
    });
  });

  /**
   * Checks that pg_upgradecluster created 15/main, not postgresql-15's
   * postinst during the dist-upgrade: pg_createcluster prints `Creating new
   * PostgreSQL cluster` into the log of whichever step ran it.
   */
  async function assertMainClusterFromUpgradeOnly(host: TestHost, applyOutput: string): Promise<void> {
    assert.doesNotMatch(applyOutput, /\/drop-pg-cluster/, 'the plan drops no cluster');
    const distUpgradeLog = await onHost(host, 'cat /var/lib/pmgup/logs/pmgup-*-dist-upgrade.log');
    const upgradeLog = await onHost(host, 'cat /var/lib/pmgup/logs/pmgup-*-upgrade-pg-cluster*.log');
    assert.doesNotMatch(distUpgradeLog, /Creating new PostgreSQL cluster/);
    assert.match(upgradeLog, /Creating new PostgreSQL cluster 15\/main/);
    const left = await onHost(host, 'ls -A /etc/postgresql-common/createcluster.d');
    assert.doesNotMatch(left, /pmgup/, 'the dist-upgrade removed its drop-in');
  }

  /**
   * Starts an apply of `target` (a desired state or a saved plan), kills it
   * with SIGKILL once the dist-upgrade prints output, and checks that the
   * dist-upgrade outlived it.
   */
  async function killDuringDistUpgrade(host: TestHost, target: string): Promise<void> {
    const first = startPmgup(['apply', target, ...hostArgs(host), '--auto-approve']);
    await first.waitFor(/\/dist-upgrade: upgrade to the new release/, 10 * 60_000);
    await first.waitFor(/\/dist-upgrade \| /, 5 * 60_000);
    first.child.kill('SIGKILL');
    await first.finished;

    const running = await host.exec("systemctl list-units --plain --no-legend 'pmgup-*-dist-upgrade.service'");
    assert.match(running.stdout, /pmgup-[0-9a-f]+-dist-upgrade\.service\s+loaded\s+active/, 'the dist-upgrade must outlive the killed apply');
  }

  /** Checks the journal: one dist-upgrade unit started, and the killed apply's lock taken over. */
  async function assertStartedOnce(host: TestHost): Promise<void> {
    const journal = await hostJournal(host);
    const starts = journal.filter((entry) => /^detached unit pmgup-[0-9a-f]+-dist-upgrade started$/.test(entry.detail));
    assert.equal(starts.length, 1, `the dist-upgrade started ${starts.length} times`);
    assert.ok(journal.some((entry) => entry.detail.startsWith('took over the lock of ')), 'the second apply takes over the lock of the killed one');
    const logs = await onHost(host, 'ls /var/lib/pmgup/logs');
    assert.equal(logs.split('\n').filter((name) => /dist-upgrade\.log/.test(name)).length, 1);
  }

  test('resumes a saved plan whose apply was killed during the dist-upgrade', { timeout: UPGRADE_TIMEOUT_MS }, async () => {
    await withHost(async (host) => {
      const digest = await databaseDigest(host);
      const planFile = join(workDir, 'killed-plan.json');
      const planned = await runPmgup(['plan', DESIRED, ...hostArgs(host), '--out', planFile]);
      assert.equal(planned.code, 0, planned.stderr);

      await killDuringDistUpgrade(host, planFile);
      const second = await runPmgup(['apply', planFile, ...hostArgs(host)]);
      assert.equal(second.code, 0, `${second.stdout}\n${second.stderr}`);
      assert.match(second.stdout, /waiting for pmgup-[0-9a-f]+-dist-upgrade/);
      assert.match(second.stdout, /\/stop-units skipped: already done by an earlier apply/);
      assert.match(second.stdout, /pmgup-[0-9a-f]+-dist-upgrade already ran .* taking its result/);

      await assertUpgraded(host, digest);
      await assertStartedOnce(host);
      const again = await runPmgup(['plan', DESIRED, ...hostArgs(host), '--detailed-exitcode']);
      assert.equal(again.code, 0, again.stdout);
    });
  });

  test('plans again after an apply killed during the dist-upgrade', { timeout: UPGRADE_TIMEOUT_MS }, async () => {
    await withHost(async (host) => {
      const digest = await databaseDigest(host);

      await killDuringDistUpgrade(host, DESIRED);
      const second = await runPmgup(['apply', DESIRED, ...hostArgs(host), '--auto-approve']);
      assert.equal(second.code, 0, `${second.stdout}\n${second.stderr}`);
      assert.match(second.stderr, /waiting for pmgup-[0-9a-f]+-dist-upgrade/);
      assert.doesNotMatch(second.stdout, /\/dist-upgrade: upgrade to the new release/, 'the new plan has no dist-upgrade left');

      await assertUpgraded(host, digest);
      await assertStartedOnce(host);
      const again = await runPmgup(['plan', DESIRED, ...hostArgs(host), '--detailed-exitcode']);
      assert.equal(again.code, 0, again.stdout);
    });
  });

  test('refuses a saved plan after the host changed and touches nothing', { timeout: 10 * 60_000 }, async () => {
    await withHost(async (host) => {
      const planFile = join(workDir, 'stale-plan.json');
      const planned = await runPmgup(['plan', DESIRED, ...hostArgs(host), '--out', planFile]);
      assert.equal(planned.code, 0, planned.stderr);

      await onHost(host, 'systemctl stop pmgproxy.service');
      const before = await untouchedState(host);

      const applied = await runPmgup(['apply', planFile, ...hostArgs(host)]);
      assert.equal(applied.code, 1, applied.stdout);
      assert.match(applied.stderr, /The plan is stale/);
      assert.match(applied.stderr, /units\[pmgproxy\.service\]/);
      assert.match(applied.stderr, /Run pmgup plan again/);
      assert.equal(await untouchedState(host), before);
    });
  });

  test('a second apply is refused by the lock and names the holder', { timeout: 10 * 60_000 }, async () => {
    await withHost(async (host) => {
      const first = startPmgup(['apply', DESIRED, ...hostArgs(host), '--auto-approve']);
      await first.waitFor(/^\[1\/\d+\] /m, 2 * 60_000);

      const second = await runPmgup(['apply', DESIRED, ...hostArgs(host), '--auto-approve']);
      assert.equal(second.code, 1, second.stdout);
      assert.match(second.stderr, /Another pmgup apply holds the lock on /);
      assert.match(second.stderr, new RegExp(`${userInfo().username}@[^ ]+ \\(pid ${first.child.pid}\\) holds it since`));
      assert.match(second.stderr, /--force-unlock/);

      first.child.kill('SIGINT');
      const stopped = await first.finished;
      assert.notEqual(stopped.code, 0);
      assert.match(stopped.stdout, /not run because apply was interrupted/);
      assert.equal((await host.exec('test -e /var/lib/pmgup/lock')).code, 1, 'the interrupted apply releases its lock');
    });
  });
});

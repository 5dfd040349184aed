/**
 * `pmgup check` against the untouched Debian 11 test host, as the real
 * command line. The checklist warns that the mail services still run and
 * exits 0, because only a failed check makes it exit 1. Once the services
 * are stopped, the warning turns into a pass, as in pmg7to8 before the
 * upgrade.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { bootHost, type TestHost } from '../testhost/host.js';
import { pmgup, targetArgs, uniqueHostName, type CliRun } from './pmgup-cli.js';

const MAIL_UNITS = ['postfix', 'pmg-smtp-filter', 'pmgpolicy', 'pmgdaemon', 'pmgproxy'];

// Boot, base-image check and teardown of one container host, with room to spare.
const SUITE_TIMEOUT_MS = 10 * 60_000;

interface CheckResult {
  code: string;
  severity: string;
  message: string;
}

describe('pmgup check on the Debian 11 test host', { timeout: SUITE_TIMEOUT_MS }, () => {
  let host: TestHost;
  let human: CliRun;

  before(async () => {
    host = await bootHost({ name: uniqueHostName('check-e2e') });
    human = await pmgup(['check', ...targetArgs(host)]);
  });
  after(async () => {
    await host?.down();
  });

  test('exits 0 with warnings only', () => {
    assert.equal(human.status, 0, human.stderr);
    assert.equal(human.stderr, '');
    assert.doesNotMatch(human.stdout, /^FAIL: /m);
    assert.match(human.stdout, /^FAILURES: +0$/m);
  });

  test('warns that the mail services run', () => {
    const warning = human.stdout.split('\n').find((line) => line.startsWith('WARN: mail services: '));

    assert.ok(warning, 'a warning about the mail services');
    for (const unit of MAIL_UNITS) {
      assert.ok(warning.includes(`${unit}.service (active)`), unit);
    }
    assert.match(human.stdout, /^    fix: The plan stops and masks them; by hand: `systemctl stop postfix\.service /m);
    assert.match(human.stdout, /^WARNINGS: +[1-9]\d*$/m);
  });

  test('reports the pre-upgrade checks', () => {
    assert.match(human.stdout, new RegExp(`^= 127\\.0\\.0\\.1:${host.port} \\(pre-upgrade\\) =$`, 'm'));
    assert.match(human.stdout, /^PASS: database Proxmox_ruledb: Proxmox_ruledb is served by PostgreSQL 13\/main/m);
    assert.match(human.stdout, /^PASS: pmg-api: pmg-api 7\.3-\d+ is at least 7\.3-6\. \[pmg-api-version\]$/m);
    assert.match(human.stdout, /^= SUMMARY =$/m);
  });

  test('--json has the same verdict', async () => {
    const outcome = await pmgup(['check', ...targetArgs(host), '--json']);
    const document = JSON.parse(outcome.stdout);
    const services = document.results.find((result: CheckResult) => result.code === 'core-services');

    assert.equal(outcome.status, 0, outcome.stderr);
    assert.equal(document.phase, 'pre-upgrade');
    assert.equal(document.counts.error, 0);
    assert.equal(document.counts.total, document.results.length);
    assert.equal(services.severity, 'warning');
    assert.match(services.message, /postfix\.service \(active\)/);
  });

  // Runs last: it stops the mail services on the host.
  test('passes once the services stop', async () => {
    await host.exec(`systemctl stop ${MAIL_UNITS.join(' ')}`, { check: true });
    const outcome = await pmgup(['check', ...targetArgs(host)]);

    assert.equal(outcome.status, 0, outcome.stderr);
    assert.match(outcome.stdout, /^PASS: mail services: All \d+ mail services are stopped\. \[core-services\]$/m);
    assert.doesNotMatch(outcome.stdout, /^WARN: mail services: /m);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkServices } from '../../../../lib/plan/checks/services.js';
import type { Phase } from '../../../../lib/plan/phase.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import {
  DEFAULT_DATABASES,
  cluster,
  fileFact,
  maskedUnit,
  pmg7Host,
  unit,
} from '../../../support/facts.js';
import { contextFor, defaultDesired, pmg8Host, severities, withCode } from './support.js';

const MAIL = [
  'postfix',
  'pmg-smtp-filter',
  'pmgpolicy',
  'pmgdaemon',
  'pmgproxy',
  'pmgmirror',
  'pmgtunnel',
].map((name) => `${name}.service`);
const run = (facts: HostFacts, phase: Phase) =>
  checkServices(facts, defaultDesired(), contextFor(phase));

function stopAndMask(facts: HostFacts): HostFacts {
  for (const name of MAIL) {
    facts.units[name] = maskedUnit();
  }

  return facts;
}

describe('checks/services', () => {
  describe('before the upgrade', () => {
    test('warns that the plan stops and masks running services', () => {
      const [result] = run(pmg7Host(), 'pre-upgrade');

      assert.equal(result.severity, 'warning');
      assert.match(result.message, /postfix\.service \(active\)/);
      assert.doesNotMatch(result.message, /pmgmirror/);
      assert.match(result.fix ?? '', /The plan stops and masks them/);
    });

    test('passes when every service is inactive', () => {
      const facts = pmg7Host();
      for (const name of MAIL) {
        facts.units[name] = unit('inactive');
      }

      assert.deepEqual(severities(run(facts, 'pre-upgrade'), 'core-services'), ['pass']);
    });

    test('does not count a failed service as stopped', () => {
      const facts = pmg7Host();
      for (const name of MAIL) {
        facts.units[name] = unit('inactive');
      }
      facts.units['pmgproxy.service'] = unit('failed');
      facts.units['pmgpolicy.service'] = unit('activating');
      const [result] = run(facts, 'pre-upgrade');

      assert.equal(result.severity, 'warning');
      assert.match(
        result.message,
        /pmgpolicy\.service \(activating\), pmgproxy\.service \(failed\)/,
      );
    });

    test('does not count a masked but running service as stopped', () => {
      const facts = stopAndMask(pmg8Host());
      facts.postgres.clusters = [cluster(13, 5432, [...DEFAULT_DATABASES, 'Proxmox_ruledb'])];
      facts.units['postfix.service'] = maskedUnit('active');
      const [result] = run(facts, 'upgrading');

      assert.equal(result.severity, 'warning');
      assert.match(result.message, /postfix\.service \(active, masked\)/);
    });

    test('warns about units systemd does not know', () => {
      const facts = pmg7Host();
      delete facts.units['pmgtunnel.service'];
      const results = run(facts, 'pre-upgrade');

      assert.deepEqual(severities(results, 'core-services'), ['warning', 'warning']);
      assert.match(results[0].message, /does not know pmgtunnel\.service/);
    });
  });

  test('treats a not-found unit as missing', () => {
    const facts = pmg7Host();
    facts.units['pmgmirror.service'] = unit('inactive', '', 'not-found');
    const [missing] = run(facts, 'pre-upgrade');

    assert.equal(missing.severity, 'warning');
    assert.match(missing.message, /does not know pmgmirror\.service/);
  });

  describe('during the upgrade', () => {
    test('skips stopped services until the database is upgraded', () => {
      const facts = stopAndMask(pmg8Host());
      facts.postgres.clusters = [cluster(13, 5432, [...DEFAULT_DATABASES, 'Proxmox_ruledb'])];

      assert.deepEqual(severities(run(facts, 'upgrading'), 'core-services'), ['skip']);
    });

    test('asks to unmask once the database is upgraded', () => {
      const facts = stopAndMask(pmg8Host());
      const [result] = run(facts, 'upgrading');

      assert.equal(result.severity, 'warning');
      assert.match(result.fix ?? '', /unmasks and starts/);
    });
  });

  describe('after the upgrade', () => {
    test('passes with running services and no cluster', () => {
      const results = run(pmg8Host(), 'post-upgrade');

      assert.deepEqual(severities(results, 'core-services'), ['pass']);
      assert.match(withCode(results, 'core-services')[0].message, /All 5 mail services/);
    });

    test('expects the cluster daemons on a cluster member', () => {
      const facts = pmg8Host();
      facts.pmg.clusterConf = fileFact('/etc/pmg/cluster.conf', 'master: 1\n\tname pmg1\n');
      const [result] = run(facts, 'post-upgrade');

      assert.equal(result.severity, 'warning');
      assert.match(
        result.message,
        /pmgmirror\.service \(inactive\), pmgtunnel\.service \(inactive\)/,
      );
    });

    test('warns about a running service left masked', () => {
      const facts = pmg8Host();
      facts.units['pmgproxy.service'] = maskedUnit('active');
      const [result] = run(facts, 'post-upgrade');

      assert.equal(result.severity, 'warning');
      assert.match(result.message, /pmgproxy\.service \(active, masked\)/);
    });
  });
});

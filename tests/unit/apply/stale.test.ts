import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { staleHost, staleInputs, StalePlanError } from '../../../lib/apply/stale.js';
import { clone, pkg, pmg7Host, unit } from '../../support/facts.js';
import { action, DESIRED_SHA, planFor, TOOL_VERSION } from './fixtures.js';

const KEYS = ['units[postfix.service]', 'packages[linux-image-amd64]', 'packages[postgresql-15]', 'os.codename'];

function planned() {
  const facts = pmg7Host();
  const plan = planFor(facts, [action('stop-units', { kind: 'stop-units', units: ['postfix.service'], mask: true }, KEYS)]);

  return { facts: clone(facts), hostPlan: plan.hosts[0]!, plan };
}

describe('apply/stale', () => {
  describe('staleHost()', () => {
    test('finds nothing on unchanged facts', () => {
      const { facts, hostPlan } = planned();
      assert.deepEqual(staleHost(hostPlan, facts), []);
    });

    test('names a changed fact with its value now', () => {
      const { facts, hostPlan } = planned();
      facts.units['postfix.service'] = unit('inactive');
      const reasons = staleHost(hostPlan, facts);
      assert.equal(reasons.length, 1);
      assert.equal(reasons[0]!.subject, 'units[postfix.service]');
      assert.match(reasons[0]!.before, /^present \(fingerprint [0-9a-f]{8}/);
      assert.match(reasons[0]!.after, /inactive/);
    });

    test('names a fact that appeared', () => {
      const { facts, hostPlan } = planned();
      facts.packages['postgresql-15'] = pkg('15.8-0+deb12u1');
      const reasons = staleHost(hostPlan, facts);
      assert.deepEqual(reasons.map((reason) => reason.subject), ['packages[postgresql-15]']);
      assert.equal(reasons[0]!.before, 'absent');
      assert.match(reasons[0]!.after, /\(appeared\)$/);
    });

    test('names a fact that disappeared', () => {
      const { facts, hostPlan } = planned();
      delete facts.packages['linux-image-amd64'];
      const reasons = staleHost(hostPlan, facts);
      assert.deepEqual(reasons.map((reason) => reason.subject), ['packages[linux-image-amd64]']);
      assert.equal(reasons[0]!.after, 'absent (disappeared)');
    });

    test('names another machine id', () => {
      const { facts, hostPlan } = planned();
      facts.identity.machineId = 'f'.repeat(32);
      const reasons = staleHost(hostPlan, facts);
      assert.equal(reasons[0]!.subject, 'machine id (/etc/machine-id)');
      assert.equal(reasons[0]!.after, 'f'.repeat(32));
    });

    test('ignores pmgup state facts', () => {
      const { facts, hostPlan } = planned();
      const withLock = { ...hostPlan, fingerprints: { ...hostPlan.fingerprints, 'pmgup.lock': 'absent' } };
      facts.pmgup.lock = { pid: 1, holder: 'ops@client', since: '2026-12-01T10:00:00Z', planId: 'abc' };
      assert.deepEqual(staleHost(withLock, facts), []);
    });
  });

  describe('staleInputs()', () => {
    test('accepts the same version and desired state', () => {
      const { plan } = planned();
      assert.deepEqual(staleInputs(plan, { toolVersion: TOOL_VERSION, desiredStateSha256: DESIRED_SHA }), []);
    });

    test('names a changed desired-state hash', () => {
      const { plan } = planned();
      const reasons = staleInputs(plan, { toolVersion: TOOL_VERSION, desiredStateSha256: 'e'.repeat(64) });
      assert.equal(reasons.length, 1);
      assert.match(reasons[0]!.subject, /desired state plans\/pmg-8\.toml/);
    });

    test('names another tool version', () => {
      const { plan } = planned();
      const reasons = staleInputs(plan, { toolVersion: '9.9.9', desiredStateSha256: DESIRED_SHA });
      assert.deepEqual(reasons.map((reason) => [reason.subject, reason.before, reason.after]), [['tool version', TOOL_VERSION, '9.9.9']]);
    });
  });

  test('StalePlanError lists every reason and the remedy', () => {
    const error = new StalePlanError([
      { host: 'pmg1', subject: 'units[postfix.service]', before: 'present (fingerprint 1234abcd…)', after: '{activeState: inactive}' },
      { host: null, subject: 'tool version', before: '0.1.0', after: '0.2.0' },
    ]);
    assert.match(error.message, /stale/);
    assert.match(error.detail, /pmg1: units\[postfix\.service\]/);
    assert.match(error.detail, /tool version/);
    assert.match(error.detail, /Nothing on the host was changed\. Run pmgup plan again/);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkRemovals } from '../../../../lib/plan/checks/removals.js';
import type { Phase } from '../../../../lib/plan/phase.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired, pmg8Host, severities } from './support.js';

function run(facts: HostFacts, remove: string[], phase: Phase = 'upgrading') {
  facts.apt.pending.remove = remove;

  return checkRemovals(facts, defaultDesired(), contextFor(phase));
}

function withoutDebianKernel(facts: HostFacts): HostFacts {
  delete facts.packages['linux-image-amd64'];

  return facts;
}

describe('checks/removals', () => {
  test('passes when nothing is removed', () => {
    assert.deepEqual(severities(run(pmg7Host(), []), 'apt-removals'), ['pass']);
  });

  test('fails the removal of PMG with the Remv lines', () => {
    const [result] = run(withoutDebianKernel(pmg7Host()), [
      'proxmox-mailgateway',
      'pmg-api',
      'libfoo1',
    ]);

    assert.equal(result.severity, 'error');
    assert.match(result.message, /Remv pmg-api, Remv proxmox-mailgateway/);
  });

  test('fails the removal of the server holding the database', () => {
    const [result] = run(withoutDebianKernel(pmg7Host()), ['postgresql-13']);

    assert.equal(result.severity, 'error');
  });

  test('fails the removal of postfix and clamav-daemon', () => {
    const [result] = run(withoutDebianKernel(pmg7Host()), ['clamav-daemon', 'postfix']);

    assert.equal(result.severity, 'error');
    assert.equal(result.subject, 'clamav-daemon, postfix');
  });

  test('warns when the plan removes linux-image-amd64 first', () => {
    const [result] = run(pmg7Host(), ['proxmox-mailgateway']);

    assert.equal(result.severity, 'warning');
    assert.match(result.fix ?? '', /linux-image-amd64/);
  });

  test('accepts removing the old server once the database moved', () => {
    const results = run(pmg8Host(), ['postgresql-13', 'libllvm11'], 'post-upgrade');

    assert.deepEqual(severities(results, 'apt-removals'), ['info']);
    assert.match(results[0].message, /libllvm11 and postgresql-13/);
  });

  test('stays silent when the simulation failed', () => {
    const facts = pmg7Host();
    facts.apt.pending.error = 'E: broken';

    assert.deepEqual(run(facts, ['pmg-api']), []);
  });
});

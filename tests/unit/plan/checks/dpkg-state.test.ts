import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkDpkgState } from '../../../../lib/plan/checks/dpkg-state.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { pkg, pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired, severities } from './support.js';

const run = (facts: HostFacts) =>
  checkDpkgState(facts, defaultDesired(), contextFor('pre-upgrade'));

describe('checks/dpkg-state', () => {
  test('passes a clean host', () => {
    assert.deepEqual(severities(run(pmg7Host()), 'dpkg-state'), ['pass']);
  });

  test('warns that the plan repairs a half-configured package', () => {
    const facts = pmg7Host();
    facts.packages.postfix = pkg('3.5.25-0+deb11u1', { status: 'half-configured' });
    const [result] = run(facts);

    assert.equal(result.severity, 'warning');
    assert.match(result.message, /postfix 3\.5\.25-0\+deb11u1 \(half-configured\)/);
    assert.match(result.fix ?? '', /dpkg --configure -a/);
  });

  test('warns about an interrupted dpkg run', () => {
    const facts = pmg7Host();
    facts.dpkg.interrupted = true;

    assert.match(run(facts)[0].message, /interrupted/);
  });

  test('warns about dpkg audit findings', () => {
    const facts = pmg7Host();
    facts.dpkg.auditLines = [
      'The following packages are missing the md5sums control file:',
      ' foo',
    ];
    const [result] = run(facts);

    assert.equal(result.severity, 'warning');
    assert.match(result.message, /md5sums/);
  });

  test('fails a package that needs reinstalling', () => {
    const facts = pmg7Host();
    facts.packages['pmg-api'] = pkg('7.3-12', {
      status: 'half-installed',
      reinstallRequired: true,
    });
    const results = run(facts);

    assert.deepEqual(severities(results, 'dpkg-state'), ['error']);
    assert.match(results[0].fix ?? '', /apt-get install --reinstall pmg-api/);
  });
});

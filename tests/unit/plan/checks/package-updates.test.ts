import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkPackageUpdates } from '../../../../lib/plan/checks/package-updates.js';
import { pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired, pmg8Host } from './support.js';

describe('checks/package-updates', () => {
  test('passes when nothing is pending', () => {
    const [result] = checkPackageUpdates(pmg7Host(), defaultDesired(), contextFor('pre-upgrade'));

    assert.equal(result.severity, 'pass');
    assert.equal(result.code, 'package-updates');
  });

  test('warns with the pending package names', () => {
    const facts = pmg7Host();
    facts.apt.pending.install = [
      { name: 'pmg-api', version: '7.3-12', from: '7.3-11' },
      { name: 'libc6', version: '2.31-13+deb11u12', from: '2.31-13+deb11u11' },
    ];
    const [result] = checkPackageUpdates(facts, defaultDesired(), contextFor('pre-upgrade'));

    assert.equal(result.severity, 'warning');
    assert.match(result.message, /2 package\(s\)/);
    assert.match(result.message, /libc6 and pmg-api/);
  });

  test('fails before the upgrade when the simulation failed', () => {
    const facts = pmg7Host();
    facts.apt.pending.error = 'E: Unable to correct problems, you have held broken packages.\nmore';
    const [result] = checkPackageUpdates(facts, defaultDesired(), contextFor('pre-upgrade'));

    assert.equal(result.severity, 'error');
    assert.match(result.message, /held broken packages\.$/);
  });

  test('only warns about a failed simulation while upgrading', () => {
    const facts = pmg7Host();
    facts.apt.pending.error = 'E: broken';
    const [result] = checkPackageUpdates(facts, defaultDesired(), contextFor('upgrading'));

    assert.equal(result.severity, 'warning');
  });

  test('skips when the lists already come from the new release', () => {
    const facts = pmg7Host();
    facts.apt.listedSuites.push('deb.debian.org_debian_dists_bookworm');
    facts.apt.pending.install = [{ name: 'pmg-api', version: '8.1.4', from: '7.3-12' }];
    const [result] = checkPackageUpdates(facts, defaultDesired(), contextFor('pre-upgrade'));

    assert.equal(result.severity, 'skip');
  });

  test('skips after the upgrade', () => {
    const facts = pmg8Host();
    facts.apt.pending.install = [
      { name: 'libc6', version: '2.36-9+deb12u9', from: '2.36-9+deb12u8' },
    ];
    const [result] = checkPackageUpdates(facts, defaultDesired(), contextFor('post-upgrade'));

    assert.equal(result.severity, 'skip');
  });
});

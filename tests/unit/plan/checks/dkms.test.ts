import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkDkms } from '../../../../lib/plan/checks/dkms.js';
import { pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired } from './support.js';

function run(installed: boolean, statusLines: string[], container: string | null = null) {
  const facts = pmg7Host();
  facts.dkms = { installed, statusLines };
  facts.system.container = container;

  return checkDkms(facts, defaultDesired(), contextFor('pre-upgrade'))[0];
}

describe('checks/dkms', () => {
  test('skips without dkms', () => {
    assert.equal(run(false, []).severity, 'skip');
  });

  test('passes without modules', () => {
    const result = run(true, ['']);

    assert.equal(result.severity, 'pass');
    assert.match(result.message, /5\.15\.158-2-pve/);
  });

  test('warns with the modules for the running kernel', () => {
    const result = run(true, ['r8168/8.051.02, 5.15.158-2-pve, x86_64: installed']);

    assert.equal(result.severity, 'warning');
    assert.match(result.message, /r8168\/8\.051\.02/);
  });

  test('skips in a container', () => {
    assert.equal(
      run(true, ['zfs/2.1.15, 5.15.158-2-pve, x86_64: installed'], 'lxc').severity,
      'skip',
    );
  });
});

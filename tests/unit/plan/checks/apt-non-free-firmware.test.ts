import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkNonFreeFirmware } from '../../../../lib/plan/checks/apt-non-free-firmware.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired, pmg8Host, setAptFile } from './support.js';

function withNonFree(facts: HostFacts, suite: string): HostFacts {
  setAptFile(
    facts,
    '/etc/apt/sources.list',
    `deb http://deb.debian.org/debian ${suite} main contrib non-free\n`,
  );

  return facts;
}

describe('checks/apt-non-free-firmware', () => {
  test('reports nothing without non-free', () => {
    assert.deepEqual(
      checkNonFreeFirmware(pmg7Host(), defaultDesired(), contextFor('pre-upgrade')),
      [],
    );
  });

  test('notes that the plan adds the component', () => {
    const [result] = checkNonFreeFirmware(
      withNonFree(pmg7Host(), 'bullseye'),
      defaultDesired(),
      contextFor('pre-upgrade'),
    );

    assert.equal(result.severity, 'notice');
    assert.match(result.fix ?? '', /The plan adds non-free-firmware/);
    assert.deepEqual(result.location, { file: '/etc/apt/sources.list', line: 1 });
  });

  test('asks the operator when the plan will not add it', () => {
    const desired = defaultDesired();
    desired.apt.non_free_firmware = false;
    const [result] = checkNonFreeFirmware(
      withNonFree(pmg7Host(), 'bullseye'),
      desired,
      contextFor('pre-upgrade'),
    );

    assert.match(result.fix ?? '', /set apt\.non_free_firmware = true/);
  });

  test('warns when still missing after the upgrade', () => {
    const [result] = checkNonFreeFirmware(
      withNonFree(pmg8Host(), 'bookworm'),
      defaultDesired(),
      contextFor('post-upgrade'),
    );

    assert.equal(result.severity, 'warning');
  });

  test('passes entries that already have it', () => {
    const facts = pmg8Host();
    setAptFile(
      facts,
      '/etc/apt/sources.list',
      'deb http://deb.debian.org/debian bookworm main non-free non-free-firmware\n',
    );

    assert.deepEqual(checkNonFreeFirmware(facts, defaultDesired(), contextFor('post-upgrade')), []);
  });
});

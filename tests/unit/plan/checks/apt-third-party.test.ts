import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkThirdPartyRepositories } from '../../../../lib/plan/checks/apt-third-party.js';
import type { Phase } from '../../../../lib/plan/phase.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired, pmg8Host, setAptFile, withCode } from './support.js';

const VENDOR =
  'deb [signed-by=/usr/share/keyrings/vendor.gpg] https://repo.example.com/apt bullseye main\n';

function run(
  facts: HostFacts,
  change: (desired: ReturnType<typeof defaultDesired>) => void = () => {},
  phase: Phase = 'pre-upgrade',
) {
  const desired = defaultDesired();
  change(desired);

  return checkThirdPartyRepositories(facts, desired, contextFor(phase));
}

function vendorHost(): HostFacts {
  const facts = pmg7Host();
  setAptFile(facts, '/etc/apt/sources.list.d/vendor.list', VENDOR);

  return facts;
}

describe('checks/apt-third-party', () => {
  test('reports nothing on a stock host', () => {
    assert.deepEqual(run(pmg7Host()), []);
  });

  test('fails a bullseye vendor repository under the stop policy', () => {
    const [result] = withCode(run(vendorHost()), 'apt-third-party');

    assert.equal(result.severity, 'error');
    assert.deepEqual(result.location, { file: '/etc/apt/sources.list.d/vendor.list', line: 1 });
    assert.match(result.fix ?? '', /apt\.third_party/);
  });

  test('notes what the disable and rewrite policies do', () => {
    const [disabled] = run(vendorHost(), (desired) => (desired.apt.third_party = 'disable'));
    const [rewritten] = run(vendorHost(), (desired) => (desired.apt.third_party = 'rewrite'));

    assert.equal(disabled.severity, 'notice');
    assert.match(disabled.fix ?? '', /comments the entry out/);
    assert.equal(rewritten.severity, 'notice');
    assert.match(rewritten.fix ?? '', /switches the entry to bookworm/);
  });

  test('warns when the policy keeps the entry', () => {
    assert.equal(
      run(vendorHost(), (desired) => (desired.apt.third_party = 'keep'))[0].severity,
      'warning',
    );
  });

  test('leaves vendor entries on bookworm alone', () => {
    const facts = pmg7Host();
    setAptFile(
      facts,
      '/etc/apt/sources.list.d/vendor.list',
      VENDOR.replace('bullseye', 'bookworm'),
    );

    assert.deepEqual(run(facts), []);
  });

  test('reports bullseye-backports explicitly', () => {
    const facts = pmg7Host();
    setAptFile(
      facts,
      '/etc/apt/sources.list.d/backports.list',
      'deb http://deb.debian.org/debian bullseye-backports main\n',
    );
    const [result] = withCode(run(facts), 'apt-backports');

    assert.equal(result.severity, 'notice');
    assert.match(result.message, /archive\.debian\.org/);
    assert.match(result.fix ?? '', /comments the entry out/);
    assert.equal(withCode(run(facts), 'apt-third-party').length, 0);
  });

  test('warns about backports left after the upgrade', () => {
    const facts = pmg8Host();
    setAptFile(
      facts,
      '/etc/apt/sources.list.d/backports.list',
      'deb http://deb.debian.org/debian bullseye-backports main\n',
    );

    assert.equal(
      withCode(
        run(facts, () => {}, 'post-upgrade'),
        'apt-backports',
      )[0].severity,
      'warning',
    );
  });
});

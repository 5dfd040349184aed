import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkInterfaceNames } from '../../../../lib/plan/checks/interface-names.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired, pmg8Host } from './support.js';

function run(facts: HostFacts, pin = false) {
  const desired = defaultDesired();
  desired.network.pin_interface_names = pin;

  return checkInterfaceNames(facts, desired, contextFor('pre-upgrade'))[0];
}

describe('checks/interface-names', () => {
  test('warns about an unpinned eth0 on a host reached over SSH', () => {
    const result = run(pmg7Host());

    assert.equal(result.severity, 'warning');
    assert.match(result.message, /eth0 \(udev name ens18\)/);
    assert.match(result.fix ?? '', /network\.pin_interface_names = true/);
  });

  test('notes what the plan does when pinning is on', () => {
    const result = run(pmg7Host(), true);

    assert.equal(result.severity, 'notice');
    assert.match(result.fix ?? '', /The plan writes \.link files/);
  });

  test('only notes the risk on a local host', () => {
    const facts = pmg7Host();
    facts.target = 'local';

    assert.equal(run(facts).severity, 'notice');
  });

  test('passes predictable names', () => {
    const facts = pmg7Host();
    facts.network.interfaces[1].name = 'ens18';

    assert.equal(run(facts).severity, 'pass');
  });

  test('accepts a .link file named after the interface', () => {
    const facts = pmg7Host();
    facts.network.linkFiles = ['/etc/systemd/network/10-eth0.link'];

    assert.equal(run(facts).severity, 'pass');
  });

  test('accepts a .link file named after the MAC address', () => {
    const facts = pmg7Host();
    facts.network.linkFiles = ['50-525400123456.link'];

    assert.equal(run(facts).severity, 'pass');
  });

  test('does not take eth1 pinning for eth0', () => {
    const facts = pmg7Host();
    facts.network.linkFiles = ['10-eth1.link'];

    assert.equal(run(facts).severity, 'warning');
  });

  test('skips a host that booted since the upgrade', () => {
    assert.equal(run(pmg8Host()).severity, 'skip');
  });

  test('still warns on the new release before the reboot', () => {
    const facts = pmg8Host();
    facts.boot.bootedAt = 1_700_000_500;

    assert.equal(run(facts).severity, 'warning');
  });

  test('skips containers', () => {
    const facts = pmg7Host();
    facts.system.container = 'lxc';

    assert.equal(run(facts).severity, 'skip');
  });
});

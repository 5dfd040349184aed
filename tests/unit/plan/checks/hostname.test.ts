import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkHostname } from '../../../../lib/plan/checks/hostname.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired } from './support.js';

function runWith(addresses: string[], change: (facts: HostFacts) => void = () => {}) {
  const facts = pmg7Host();
  facts.network.hostnameAddresses = addresses;
  change(facts);

  return checkHostname(facts, defaultDesired(), contextFor('pre-upgrade'))[0];
}

describe('checks/hostname', () => {
  test('passes for one local address', () => {
    const result = runWith(['192.0.2.10']);

    assert.equal(result.severity, 'pass');
    assert.match(result.message, /192\.0\.2\.10 on eth0/);
  });

  test('skips loopback addresses before the real one', () => {
    assert.equal(runWith(['127.0.1.1', '192.0.2.10']).severity, 'pass');
  });

  test('warns when the name does not resolve', () => {
    assert.equal(runWith([]).severity, 'warning');
  });

  test('warns when the name resolves only to loopback', () => {
    const result = runWith(['127.0.1.1']);

    assert.equal(result.severity, 'warning');
    assert.match(result.message, /only to loopback/);
  });

  test('fails when the address is not on this host', () => {
    const result = runWith(['198.51.100.7']);

    assert.equal(result.severity, 'error');
    assert.match(result.message, /198\.51\.100\.7, which is on no interface/);
  });

  test('fails when the address is only on a down interface', () => {
    const result = runWith(['192.0.2.10'], (facts) => {
      facts.network.interfaces[1].up = false;
    });

    assert.equal(result.severity, 'error');
    assert.match(result.message, /only on eth0, which is down/);
  });

  test('warns when two interfaces carry the address', () => {
    const result = runWith(['192.0.2.10'], (facts) => {
      facts.network.interfaces.push({
        name: 'eth1',
        mac: '52:54:00:aa:bb:cc',
        addresses: ['192.0.2.10/32'],
        up: true,
        predictableName: 'ens19',
      });
    });

    assert.equal(result.severity, 'warning');
    assert.match(result.message, /2 interfaces \(eth0, eth1\)/);
  });

  test('warns when the name resolves to several addresses', () => {
    const result = runWith(['192.0.2.10', '2001:db8::10'], (facts) => {
      facts.network.interfaces[1].addresses.push('2001:db8::10/64');
    });

    assert.equal(result.severity, 'warning');
    assert.match(result.message, /2 non-loopback addresses/);
  });

  test('matches IPv6 addresses case-insensitively', () => {
    const result = runWith(['2001:DB8::10'], (facts) => {
      facts.network.interfaces[1].addresses = ['2001:db8::10/64'];
    });

    assert.equal(result.severity, 'pass');
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  parseAddresses,
  parseHostAddresses,
  parseLinks,
  parseNetwork,
  parseUdevNames,
} from '../../../../lib/probe/parsers/network.js';
import { assertRejected, fixtureSection, recordedSection, section } from '../helpers.js';

describe('parsers/network', () => {
  describe('parseLinks()', () => {
    test('reads recorded links', () => {
      const links = parseLinks(fixtureSection('ip-link', 'bookworm/ip-o-link.txt'));

      assert.deepEqual(links.map((link) => link.name), ['lo', 'ifb0', 'ifb1', 'eth0']);
      assert.equal(links[0].mac, null);
      assert.equal(links[0].up, true);
      assert.equal(links[1].up, false);
      assert.equal(links[3].mac, '02:fc:00:00:00:01');
    });

    test('drops the peer suffix of veth names', () => {
      const text = '2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 0a:1b:2c:3d:4e:5f brd ff:ff:ff:ff:ff:ff link-netnsid 0\n';

      assert.equal(parseLinks(section('ip-link', text))[0].name, 'eth0');
    });

    test('garbage is rejected', () => {
      assertRejected(() => parseLinks(section('ip-link', 'eth0 is up\n')), 'ip-link', 1);
    });
  });

  describe('parseAddresses()', () => {
    test('groups recorded addresses by interface', () => {
      const addresses = parseAddresses(fixtureSection('ip-addr', 'bookworm/ip-o-addr.txt'));

      assert.deepEqual(addresses.get('lo'), ['127.0.0.1/8', '::1/128']);
      assert.deepEqual(addresses.get('eth0'), ['192.0.2.2/24', 'fd00::2/64', 'fe80::fc:ff:fe00:1/64']);
    });

    test('address without prefix is rejected', () => {
      assertRejected(() => parseAddresses(section('ip-addr', '1: lo    inet 127.0.0.1 scope host lo\n')), 'ip-addr', 1);
    });
  });

  describe('parseHostAddresses()', () => {
    test('lists each recorded address once', () => {
      assert.deepEqual(parseHostAddresses(fixtureSection('hostname-addresses', 'bookworm/getent-ahosts.txt')), ['127.0.0.1']);
    });

    test('unresolved name gives no addresses', () => {
      assert.deepEqual(parseHostAddresses(section('hostname-addresses', '', 2)), []);
    });
  });

  describe('parseUdevNames()', () => {
    test('prefers ID_NET_NAME, then onboard, slot and path', () => {
      const body = [
        'eth0 ID_NET_NAME_MAC=enx525400123456',
        'eth0 ID_NET_NAME_PATH=enp0s18',
        'eth0 ID_NET_NAME_SLOT=ens18',
        'eth1 ID_NET_NAME_PATH=enp0s19',
        'eth2 ID_NET_NAME_PATH=enp0s20',
        'eth2 ID_NET_NAME=lan0',
      ].join('\n');
      const names = parseUdevNames(section('udev', body));

      assert.equal(names.get('eth0'), 'ens18');
      assert.equal(names.get('eth1'), 'enp0s19');
      assert.equal(names.get('eth2'), 'lan0');
    });

    test('other properties are rejected', () => {
      assertRejected(() => parseUdevNames(section('udev', 'eth0 DEVPATH=/devices/x\n')), 'udev', 1);
    });
  });

  describe('parseNetwork()', () => {
    test('combines the recorded sections', () => {
      const run = 'bookworm/probe-run.txt';
      const network = parseNetwork({
        links: recordedSection(run, 'ip-link'),
        addresses: recordedSection(run, 'ip-addr'),
        udev: recordedSection(run, 'udev'),
        hostnameAddresses: recordedSection(run, 'hostname-addresses'),
        files: recordedSection(run, 'network-files'),
      });
      const eth0 = network.interfaces.find((entry) => entry.name === 'eth0');

      assert.deepEqual(eth0?.addresses.slice(0, 1), ['192.0.2.2/24']);
      assert.equal(eth0?.predictableName, null);
      assert.equal(network.interfacesFile, null);
      assert.deepEqual(network.linkFiles, []);
      assert.deepEqual(network.hostnameAddresses, ['127.0.0.1']);
    });
  });
});

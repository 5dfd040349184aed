import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  parseBoot,
  parseIdentity,
  parseKernel,
  parseProbeMeta,
  parseSystem,
} from '../../../../lib/probe/parsers/system.js';
import { assertRejected, recordedSection, section } from '../helpers.js';

const RUN = 'bookworm/probe-run.txt';

describe('parsers/system', () => {
  describe('parseProbeMeta()', () => {
    test('reads format, time and architecture', () => {
      const meta = parseProbeMeta(recordedSection(RUN, 'probe'));

      assert.equal(meta.format, 1);
      assert.match(meta.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(meta.architecture, 'amd64');
    });

    test('local time is rejected', () => {
      assertRejected(() => parseProbeMeta(section('probe', 'format 1\ntime Thu Dec 4 17:38:26 CET 2026\n')), 'probe');
    });
  });

  describe('parseSystem()', () => {
    test('offline system outside a container of systemd', () => {
      const system = parseSystem(recordedSection(RUN, 'system'));

      assert.equal(system.state, 'offline');
      assert.equal(system.waitedSeconds, 0);
      assert.equal(system.container, 'docker');
      assert.equal(system.vm, 'kvm');
    });

    test('none means no virtualisation', () => {
      const system = parseSystem(section('system', 'state running\nwaited 12\ncontainer none\nvm none\n'));

      assert.deepEqual(system, { state: 'running', waitedSeconds: 12, container: null, vm: null });
    });

    test('two-line detect-virt output is rejected', () => {
      assertRejected(() => parseSystem(section('system', 'state running\nwaited 0\ncontainer none\nnone\nvm none\n')), 'system', 4);
    });

    test('missing waited line is rejected', () => {
      assertRejected(() => parseSystem(section('system', 'state running\ncontainer none\nvm none\n')), 'system', null);
    });
  });

  describe('parseIdentity()', () => {
    test('reads host name and machine id', () => {
      const identity = parseIdentity(recordedSection(RUN, 'identity'));

      assert.equal(identity.hostname, 'vm');
      assert.match(identity.machineId, /^[0-9a-f]{32}$/);
    });

    test('empty fqdn falls back to the host name', () => {
      const identity = parseIdentity(section('identity', 'hostname pmg1\nfqdn \nmachine-id \n'));

      assert.deepEqual(identity, { hostname: 'pmg1', fqdn: 'pmg1', machineId: '' });
    });

    test('host name with spaces is rejected', () => {
      assertRejected(() => parseIdentity(section('identity', 'hostname a b\nfqdn a\nmachine-id \n')), 'identity');
    });
  });

  describe('parseKernel()', () => {
    test('reads release and machine', () => {
      assert.deepEqual(parseKernel(section('kernel', 'release 5.15.158-2-pve\nmachine x86_64\n')), {
        release: '5.15.158-2-pve',
        machine: 'x86_64',
      });
    });
  });

  describe('parseBoot()', () => {
    test('reads recorded boot facts', () => {
      const boot = parseBoot(recordedSection(RUN, 'boot'));

      assert.equal(boot.efi, false);
      assert.equal(boot.proxmoxBootTool, false);
      assert.ok(boot.bootedAt > 1_600_000_000);
    });

    test('maybe is not yes or no', () => {
      assertRejected(() => parseBoot(section('boot', 'efi maybe\nproxmox-boot-uuids no\nbtime 1\n')), 'boot');
    });
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkKernel } from '../../../../lib/plan/checks/kernel.js';
import {
  compareKernelNumbers,
  kernelPackageSeries,
  parseKernelRelease,
} from '../../../../lib/plan/checks/kernel-release.js';
import type { Phase } from '../../../../lib/plan/phase.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { pkg, pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired, pmg8Host, severities, withCode } from './support.js';

function runWith(facts: HostFacts, release: string, phase: Phase) {
  facts.kernel.release = release;

  return checkKernel(facts, defaultDesired(), contextFor(phase));
}

describe('checks/kernel-release', () => {
  test('parses a Proxmox release', () => {
    assert.deepEqual(parseKernelRelease('6.8.12-4-pve'), {
      major: 6,
      minor: 8,
      patch: 12,
      abi: '4',
      flavour: 'pve',
    });
  });

  test('parses a Debian cloud release', () => {
    assert.equal(parseKernelRelease('6.1.0-28-cloud-amd64')?.flavour, 'cloud-amd64');
  });

  test('rejects a release without numbers', () => {
    assert.equal(parseKernelRelease('generic'), null);
  });

  test('compares series as numbers', () => {
    assert.ok(compareKernelNumbers([7, 0], [6, 2]) > 0);
    assert.ok(compareKernelNumbers([6, 10], [6, 2]) > 0);
  });

  test('reads the series of kernel package names', () => {
    assert.deepEqual(kernelPackageSeries('pve-kernel-5.15.158-2-pve'), [5, 15]);
    assert.deepEqual(kernelPackageSeries('proxmox-kernel-6.8'), [6, 8]);
    assert.equal(kernelPackageSeries('pve-firmware'), null);
  });
});

describe('checks/kernel', () => {
  describe('before the upgrade', () => {
    for (const release of ['5.13.19-6-pve', '5.15.158-2-pve', '6.2.11-2-pve']) {
      test(`passes ${release}`, () => {
        assert.deepEqual(
          severities(runWith(pmg7Host(), release, 'pre-upgrade'), 'running-kernel'),
          ['pass'],
        );
      });
    }

    test('warns about an unexpected kernel', () => {
      const [result] = runWith(pmg7Host(), '5.4.203-1-pve', 'pre-upgrade');

      assert.equal(result.severity, 'warning');
      assert.match(result.message, /not one PMG 7 ships/);
    });

    test('warns when 5.15 is installed but not booted', () => {
      const facts = pmg7Host();
      facts.packages['pve-kernel-5.15'] = pkg('7.4-15');
      const [result] = runWith(facts, '5.4.203-1-pve', 'pre-upgrade');

      assert.equal(result.severity, 'warning');
      assert.match(
        result.message,
        /pve-kernel-5\.15 is installed but the host booted 5\.4\.203-1-pve/,
      );
    });

    test('warns about a Debian kernel with the linux-image-amd64 conflict', () => {
      const [result] = runWith(pmg7Host(), '5.10.0-33-amd64', 'pre-upgrade');

      assert.equal(result.severity, 'warning');
      assert.match(result.message, /Debian's own kernel 5\.10\.0-33-amd64/);
      assert.match(result.fix ?? '', /packages\.absent/);
    });

    test('warns about an unparsable release', () => {
      const [result] = runWith(pmg7Host(), 'custom', 'pre-upgrade');

      assert.equal(result.severity, 'warning');
      assert.match(result.message, /"custom"/);
    });
  });

  describe('after the upgrade', () => {
    test('passes 6.2.16', () => {
      assert.deepEqual(
        severities(runWith(pmg8Host(), '6.2.16-20-pve', 'post-upgrade'), 'running-kernel'),
        ['pass'],
      );
    });

    test('accepts a 7.0 kernel', () => {
      assert.deepEqual(
        severities(runWith(pmg8Host(), '7.0.3-1-pve', 'post-upgrade'), 'running-kernel'),
        ['pass'],
      );
    });

    test('accepts 6.8 and 6.14 kernels', () => {
      assert.deepEqual(
        severities(runWith(pmg8Host(), '6.8.12-4-pve', 'post-upgrade'), 'running-kernel'),
        ['pass'],
      );
      assert.deepEqual(
        severities(runWith(pmg8Host(), '6.14.8-2-pve', 'post-upgrade'), 'running-kernel'),
        ['pass'],
      );
    });

    test('rejects a bullseye 6.2 build', () => {
      const [result] = runWith(pmg8Host(), '6.2.11-2-pve', 'post-upgrade');

      assert.equal(result.severity, 'warning');
      assert.match(result.fix ?? '', /Reboot/);
    });

    test('rejects a release carrying a tilde', () => {
      const [result] = runWith(pmg8Host(), '6.5.13-1~bpo11-pve', 'post-upgrade');

      assert.notEqual(result?.severity, 'pass');
    });

    test('is a notice before the planned reboot', () => {
      const [result] = runWith(pmg8Host(), '5.15.158-2-pve', 'upgrading');

      assert.equal(result.severity, 'notice');
      assert.match(result.fix ?? '', /reboots/);
    });

    test('warns before the reboot when reboots are not allowed', () => {
      const desired = defaultDesired();
      desired.reboot.allowed = false;
      const facts = pmg8Host();
      facts.kernel.release = '5.15.158-2-pve';
      const [result] = checkKernel(facts, desired, contextFor('upgrading'));

      assert.equal(result.severity, 'warning');
    });

    test('notes a Debian bookworm kernel without a Proxmox kernel', () => {
      const facts = pmg8Host();
      delete facts.packages['proxmox-kernel-6.8'];
      const [result] = runWith(facts, '6.1.0-28-amd64', 'post-upgrade');

      assert.equal(result.severity, 'notice');
    });

    test('warns about a Debian kernel booted instead of the installed Proxmox one', () => {
      const [result] = runWith(pmg8Host(), '6.1.0-28-amd64', 'post-upgrade');

      assert.equal(result.severity, 'warning');
      assert.match(result.message, /A PMG 8 kernel is installed/);
    });

    test('lists old kernel meta-packages once the kernel passes', () => {
      const facts = pmg8Host();
      facts.packages['pve-kernel-5.15'] = pkg('7.4-15');
      const results = runWith(facts, '6.8.12-4-pve', 'post-upgrade');
      const [info] = withCode(results, 'old-kernel-packages');

      assert.equal(info.severity, 'info');
      assert.match(info.fix ?? '', /apt remove pve-kernel-5\.15/);
    });

    test('does not list old kernels while the kernel fails', () => {
      const facts = pmg8Host();
      facts.packages['pve-kernel-5.15'] = pkg('7.4-15');

      assert.equal(
        withCode(runWith(facts, '5.15.158-2-pve', 'post-upgrade'), 'old-kernel-packages').length,
        0,
      );
    });
  });

  test('skips kernel checks in the container appliance', () => {
    const facts = pmg7Host();
    delete facts.packages['proxmox-mailgateway'];
    facts.packages['proxmox-mailgateway-container'] = pkg('7.3-2');

    assert.deepEqual(severities(runWith(facts, '6.8.12-4-pve', 'pre-upgrade'), 'running-kernel'), [
      'skip',
    ]);
  });

  test('skips kernel checks when systemd reports a container', () => {
    const facts = pmg7Host();
    facts.system.container = 'lxc';

    assert.deepEqual(severities(runWith(facts, '6.8.12-4-pve', 'pre-upgrade'), 'running-kernel'), [
      'skip',
    ]);
  });
});

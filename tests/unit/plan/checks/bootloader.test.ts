import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkBootloader } from '../../../../lib/plan/checks/bootloader.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { pkg, pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired, pmg8Host } from './support.js';

function run(facts: HostFacts, efi: boolean, proxmoxBootTool = false) {
  facts.boot.efi = efi;
  facts.boot.proxmoxBootTool = proxmoxBootTool;

  return checkBootloader(facts, defaultDesired(), contextFor('pre-upgrade'))[0];
}

describe('checks/bootloader', () => {
  test('skips BIOS hosts', () => {
    assert.equal(run(pmg7Host(), false).severity, 'skip');
  });

  test('warns about grub-pc on a UEFI host', () => {
    const result = run(pmg7Host(), true);

    assert.equal(result.severity, 'warning');
    assert.match(result.message, /grub-pc, the BIOS variant, is installed instead/);
  });

  test('passes grub-efi-amd64 on a UEFI host', () => {
    const facts = pmg7Host();
    delete facts.packages['grub-pc'];
    facts.packages['grub-efi-amd64'] = pkg('2.06-3~deb11u6');

    assert.equal(run(facts, true).severity, 'pass');
  });

  test('skips proxmox-boot-tool hosts before the upgrade', () => {
    assert.equal(run(pmg7Host(), true, true).severity, 'skip');
  });

  test('warns when proxmox-boot-tool lacks systemd-boot after the upgrade', () => {
    const result = run(pmg8Host(), true, true);

    assert.equal(result.severity, 'warning');
    assert.match(result.fix ?? '', /apt install systemd-boot/);
  });

  test('passes proxmox-boot-tool with systemd-boot after the upgrade', () => {
    const facts = pmg8Host();
    facts.packages['systemd-boot'] = pkg('252.31-1~deb12u1');

    assert.equal(run(facts, true, true).severity, 'pass');
  });

  test('warns about an unused systemd-boot on a GRUB host', () => {
    const facts = pmg8Host();
    facts.packages['grub-efi-amd64'] = pkg('2.06-13+deb12u1');
    facts.packages['systemd-boot'] = pkg('252.31-1~deb12u1');

    assert.match(run(facts, true).message, /systemd-boot is installed too/);
  });

  test('skips the container appliance', () => {
    const facts = pmg7Host();
    facts.system.container = 'lxc';

    assert.equal(run(facts, true).severity, 'skip');
  });
});

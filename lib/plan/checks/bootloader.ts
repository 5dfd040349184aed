/**
 * The bootloader on UEFI hosts (pmg7to8 check 15). A host booted by
 * proxmox-boot-tool needs the systemd-boot package after the upgrade,
 * because bookworm split it out of systemd and the upgrade does not install
 * it. A GRUB host booting in UEFI mode needs `grub-efi-amd64`, not
 * `grub-pc`, or its EFI GRUB is never updated. After the upgrade,
 * systemd-boot installed on a GRUB host is a warning too, because its
 * package scripts can take over the EFI system partition.
 */
import type { HostFacts } from '../../probe/facts.js';
import type { Check, Finding } from './context.js';
import { diagnostic, isContainer, isInstalled, pmgUpgraded } from './context.js';

const CODE = 'bootloader';

/** Reports whether the installed bootloader packages fit the boot mode. */
export const checkBootloader: Check = (facts, _desired, context) => [
  diagnostic(context, { code: CODE, subject: 'bootloader', ...bootFinding(facts) }),
];

function bootFinding(facts: HostFacts): Omit<Finding, 'code' | 'subject'> {
  if (isContainer(facts)) {
    return {
      severity: 'skip',
      message: 'The host is a container and has no bootloader of its own.',
    };
  }
  if (!facts.boot.efi) {
    return {
      severity: 'skip',
      message: 'The host boots in legacy BIOS mode; GRUB for BIOS needs nothing extra.',
    };
  }
  if (facts.boot.proxmoxBootTool) {
    return proxmoxBootToolFinding(facts);
  }

  if (!isInstalled(facts, 'grub-efi-amd64')) {
    const instead = isInstalled(facts, 'grub-pc')
      ? ' (grub-pc, the BIOS variant, is installed instead)'
      : '';
    return {
      severity: 'warning',
      message: `The host boots in UEFI mode but grub-efi-amd64 is not installed${instead}, so upgrades never refresh the EFI GRUB.`,
      fix: 'Run `apt install grub-efi-amd64`, which replaces grub-pc, and check that `grub-install` succeeds.',
    };
  }
  if (pmgUpgraded(facts) && isInstalled(facts, 'systemd-boot')) {
    return {
      severity: 'warning',
      message:
        'The host boots with GRUB in UEFI mode, but systemd-boot is installed too; its package scripts can install it over the EFI boot entry.',
      fix: 'Unless you switched to systemd-boot on purpose, run `apt remove systemd-boot`.',
    };
  }

  return {
    severity: 'pass',
    message: 'The host boots with GRUB in UEFI mode and grub-efi-amd64 is installed.',
  };
}

function proxmoxBootToolFinding(facts: HostFacts): Omit<Finding, 'code' | 'subject'> {
  if (!pmgUpgraded(facts)) {
    return {
      severity: 'skip',
      message:
        'proxmox-boot-tool manages the EFI partitions; systemd-boot is checked after the upgrade.',
    };
  }
  if (isInstalled(facts, 'systemd-boot')) {
    return {
      severity: 'pass',
      message: 'proxmox-boot-tool manages the EFI partitions and systemd-boot is installed.',
    };
  }

  return {
    severity: 'warning',
    message:
      'proxmox-boot-tool manages the EFI partitions but systemd-boot is not installed, which it needs to refresh them.',
    fix: 'Run `apt install systemd-boot`, then `proxmox-boot-tool refresh`.',
  };
}

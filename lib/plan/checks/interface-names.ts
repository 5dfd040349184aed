/**
 * Network interface names that may change with the new kernel and systemd.
 * udev's naming scheme changes between systemd releases, and a newer kernel
 * can expose more of the hardware. So an interface whose current name
 * differs from udev's predictable name may be renamed at the first boot
 * after the upgrade, and the network configuration then names an interface
 * that no longer exists. On a host reached only over the network, that
 * locks the operator out. A systemd `.link` file that matches the MAC
 * address pins the name.
 * pmg7to8 has no such check.
 */
import type { Desired } from '../../config/desired.js';
import type { HostFacts, InterfaceFact } from '../../probe/facts.js';
import type { Check, Finding } from './context.js';
import { diagnostic, isContainer, releaseUpgraded } from './context.js';

const CODE = 'interface-names';

/** Reports interfaces whose names are neither udev's predictable name nor pinned by a .link file. */
export const checkInterfaceNames: Check = (facts, desired, context) => {
  const subject = 'network interfaces';

  if (isContainer(facts)) {
    return [
      diagnostic(context, {
        code: CODE,
        severity: 'skip',
        subject,
        message: 'The host is a container; its host machine names its interfaces.',
      }),
    ];
  }

  if (bootedSinceUpgrade(facts, desired)) {
    return [
      diagnostic(context, {
        code: CODE,
        severity: 'skip',
        subject,
        message:
          'The host has booted since the release upgrade, so the interfaces already carry the names the new release gives them.',
      }),
    ];
  }

  const unpinned = facts.network.interfaces.filter(
    (entry) => mayBeRenamed(entry) && !isPinned(facts, entry),
  );
  if (unpinned.length === 0) {
    return [
      diagnostic(context, {
        code: CODE,
        severity: 'pass',
        subject,
        message: 'Every interface already has its predictable name or is pinned by a .link file.',
      }),
    ];
  }

  return [
    diagnostic(context, {
      code: CODE,
      subject,
      ...renameFinding(facts, unpinned, desired.network.pin_interface_names),
    }),
  ];
};

function renameFinding(
  facts: HostFacts,
  unpinned: InterfaceFact[],
  pinByPlan: boolean,
): Omit<Finding, 'code' | 'subject'> {
  const names = unpinned
    .map((entry) => `${entry.name} (udev name ${entry.predictableName})`)
    .join(', ');
  const message = `These interfaces do not carry udev's predictable name and no .link file pins them, so they may be renamed at the first boot after the upgrade: ${names}.`;

  if (pinByPlan) {
    return {
      severity: 'notice',
      message,
      fix: 'The plan writes .link files that pin each name to its MAC address before the reboot (network.pin_interface_names = true).',
    };
  }

  // Over SSH a renamed interface means no way back in; at a console the
  // operator can still fix /etc/network/interfaces.
  const remote = facts.target.startsWith('ssh:');
  return {
    severity: remote ? 'warning' : 'notice',
    message,
    fix: 'Set network.pin_interface_names = true so the plan pins the names to their MAC addresses, or make sure you have console access (IPMI, hypervisor) for the reboot.',
  };
}

/** Returns whether the host booted after dpkg last unpacked base-files on the new release. */
function bootedSinceUpgrade(facts: HostFacts, desired: Desired): boolean {
  const unpackedAt = facts.packages['base-files']?.unpackedAt ?? null;

  return releaseUpgraded(facts, desired) && unpackedAt !== null && facts.boot.bootedAt > unpackedAt;
}

function mayBeRenamed(entry: InterfaceFact): boolean {
  return (
    entry.name !== 'lo' && entry.predictableName !== null && entry.predictableName !== entry.name
  );
}

/**
 * Returns whether a .link file seems to pin the interface.
 *
 * NOTE: the facts carry only the names of the .link files, not their
 * contents, so a file counts as pinning an interface when its name contains
 * the interface name or the MAC address without colons.
 */
function isPinned(facts: HostFacts, entry: InterfaceFact): boolean {
  const mac = entry.mac?.replace(/:/g, '').toLowerCase();

  return facts.network.linkFiles.some((file) => {
    const base = (file.split('/').pop() ?? file).toLowerCase().replace(/\.link$/, '');
    const tokens = base.split(/[-_.]/);
    return (
      tokens.includes(entry.name.toLowerCase()) ||
      (mac !== undefined && base.replace(/[-_.:]/g, '').includes(mac))
    );
  });
}

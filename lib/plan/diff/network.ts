/**
 * pin-interface-names: write systemd .link files that pin each interface
 * name to its MAC address before the reboot, so a new kernel that names a
 * device differently cannot cut the host off the network.
 */
import type { InterfaceFact } from '../../probe/facts.js';
import type { PlanContext } from '../context.js';
import { draft, reason, type Draft } from '../draft.js';
import { factKey } from '../fact-keys.js';
import { stepSlug } from '../stages.js';

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** Returns whether a .link file in /etc/systemd/network names the interface. */
// NOTE: facts list .link file names only, not their contents, so a .link
// file that matches the device by MAC under another file name is not seen.
function isPinned(context: PlanContext, name: string): boolean {
  return context.facts.network.linkFiles.some((file) => {
    const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.link$/, '');
    return base === name || base.split(/[-_]/).includes(name);
  });
}

function needsPin(context: PlanContext, item: InterfaceFact): boolean {
  return (
    item.name !== 'lo' &&
    item.mac !== null &&
    MAC.test(item.mac.toLowerCase()) &&
    item.predictableName !== null &&
    item.predictableName !== item.name &&
    !isPinned(context, item.name)
  );
}

export function planPinInterfaces(context: PlanContext): Draft[] {
  if (!context.desired.network.pin_interface_names) {
    return [];
  }
  const interfaces = context.facts.network.interfaces.filter((item) => needsPin(context, item));
  if (interfaces.length === 0) {
    return [];
  }

  return [
    draft({
      stage: 'pin-interface-names',
      slug: stepSlug('pin-interface-names'),
      step: {
        kind: 'pin-interface-names',
        links: interfaces.map((item) => ({ name: item.name, mac: item.mac!.toLowerCase() })),
      },
      reason: reason(
        'network.pin_interface_names',
        'every interface name pinned to its MAC address',
        interfaces.map((item) => `${item.name} would be ${item.predictableName}`).join(', '),
        'udev would name these interfaces differently than /etc/network/interfaces does; pinning keeps the host reachable after the reboot.',
      ),
      changes: interfaces.map((item) => ({ subject: item.name, before: 'not pinned', after: `pinned to ${item.mac}` })),
      fingerprintKeys: ['network.linkFiles', ...interfaces.flatMap((item) => factKey.interfaceNaming(item.name))],
    }),
  ];
}

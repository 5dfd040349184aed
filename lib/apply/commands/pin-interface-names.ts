/**
 * `pin-interface-names`: write one systemd .link file per interface that
 * matches its MAC address and sets its current name, so a kernel that
 * names devices differently after the reboot leaves the network
 * configuration valid. When update-initramfs exists the initramfs is
 * rebuilt, because udev in the initramfs reads these files too.
 */
import type { StepOf } from '../../plan/model.js';
import { shellQuote } from '../../transport/quote.js';
import { preamble, script } from './shell.js';
import { INLINE_TIMEOUT_MS, type InlineCommand } from './types.js';

export const LINK_DIR = '/etc/systemd/network';

/** Returns the path of the .link file pmgup writes for an interface. */
export function linkFilePath(name: string): string {
  return `${LINK_DIR}/10-pmgup-${name}.link`;
}

/** Returns the content of the .link file that pins `name` to `mac`. */
export function linkFileContent(name: string, mac: string): string {
  return [
    '# Written by pmgup before the upgrade reboot: keeps this interface name',
    '# when the new kernel would name the device differently.',
    '[Match]',
    `MACAddress=${mac}`,
    '',
    '[Link]',
    `Name=${name}`,
    '',
  ].join('\n');
}

function writeLink(link: { name: string; mac: string }): string[] {
  const target = shellQuote(linkFilePath(link.name));
  const lines = linkFileContent(link.name, link.mac).split('\n').slice(0, -1);

  return [
    `tmp=$(mktemp ${shellQuote(`${LINK_DIR}/.pmgup-link.XXXXXX`)})`,
    `printf '%s\\n' ${lines.map(shellQuote).join(' ')} > "$tmp"`,
    'chmod 0644 "$tmp"',
    `mv -f -- "$tmp" ${target}`,
  ];
}

export function buildPinInterfaceNames(step: StepOf<'pin-interface-names'>): InlineCommand {
  return {
    mode: 'inline',
    timeoutMs: INLINE_TIMEOUT_MS,
    script: script([
      ...preamble(),
      `install -d -m 0755 ${shellQuote(LINK_DIR)}`,
      ...step.links.flatMap(writeLink),
      'if command -v update-initramfs >/dev/null; then update-initramfs -u -k all; fi',
    ]),
  };
}

/**
 * Parsers for the network: `ip -o link` and `ip -o addr` (one line per link
 * or address, continuation shown as `\`), udev's ID_NET_NAME* properties per
 * interface, `getent ahosts` for the host's own name, and the names of
 * /etc/network/interfaces and systemd .link files.
 */
import type { InterfaceFact, NetworkFacts } from '../facts.js';
import {
  contentLines,
  decodeBase64,
  type Line,
  readFileRecord,
  reject,
  splitTag,
  toFileFact,
  utf8OrNull,
} from '../records.js';
import type { Section } from '../sections.js';

const LINK = /^(\d+): ([^:@ ]+)(?:@[^: ]+)?: <([A-Z0-9_,-]*)> /;
const LINK_LAYER = /\\ +link\/(\S+)(?: (\S+))?/;
const ADDRESS = /^(\d+): ([^: ]+) +(inet6?) (\S+) /;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** The sections the network facts are built from. */
export interface NetworkSections {
  links: Section;
  addresses: Section;
  udev: Section;
  hostnameAddresses: Section;
  files: Section;
}

/** Parses the network sections into NetworkFacts. */
export function parseNetwork(sections: NetworkSections): NetworkFacts {
  const names = parseUdevNames(sections.udev);
  const interfaces = parseLinks(sections.links);
  for (const [name, addresses] of parseAddresses(sections.addresses)) {
    const found = interfaces.find((entry) => entry.name === name);
    if (found) {
      found.addresses = addresses;
    }
  }
  for (const entry of interfaces) {
    entry.predictableName = names.get(entry.name) ?? null;
  }

  const files = parseNetworkFiles(sections.files);

  return {
    interfaces,
    hostnameAddresses: parseHostAddresses(sections.hostnameAddresses),
    interfacesFile: files.interfacesFile,
    linkFiles: files.linkFiles,
  };
}

/** Parses `ip -o link`: name, MAC of Ethernet-like links, and the UP flag. */
export function parseLinks(section: Section): InterfaceFact[] {
  return contentLines(section).map((line) => {
    const match = LINK.exec(line.text);
    if (!match) {
      return reject(section, line, '"INDEX: NAME: <FLAGS> ..." as ip -o link prints it');
    }

    const layer = LINK_LAYER.exec(line.text);
    const mac = layer && layer[1] === 'ether' && layer[2] !== undefined && MAC.test(layer[2]) ? layer[2] : null;

    return { name: match[2], mac, addresses: [], up: match[3].split(',').includes('UP'), predictableName: null };
  });
}

/** Parses `ip -o addr` into addresses with prefix length by interface name, in output order. */
export function parseAddresses(section: Section): Map<string, string[]> {
  const addresses = new Map<string, string[]>();
  for (const line of contentLines(section)) {
    const match = ADDRESS.exec(line.text);
    if (!match || !/^[0-9a-f.:]+\/\d+$/.test(match[4])) {
      return reject(section, line, '"INDEX: NAME inet|inet6 ADDRESS/PREFIX ..." as ip -o addr prints it');
    }
    addresses.set(match[2], [...(addresses.get(match[2]) ?? []), match[4]]);
  }

  return addresses;
}

/**
 * Parses `IFACE ID_NET_NAME...=VALUE` lines. The name udev chose
 * (ID_NET_NAME) wins; otherwise the first of onboard, slot and path names,
 * which is the order of the default NamePolicy.
 */
export function parseUdevNames(section: Section): Map<string, string> {
  const properties = new Map<string, Map<string, string>>();
  for (const line of contentLines(section)) {
    const match = /^(\S+) (ID_NET_NAME[A-Z_]*)=(\S*)$/.exec(line.text);
    if (!match) {
      return reject(section, line, '"INTERFACE ID_NET_NAME...=VALUE"');
    }
    const entry = properties.get(match[1]) ?? new Map<string, string>();
    entry.set(match[2], match[3]);
    properties.set(match[1], entry);
  }

  const names = new Map<string, string>();
  for (const [device, entry] of properties) {
    const keys = ['ID_NET_NAME', 'ID_NET_NAME_ONBOARD', 'ID_NET_NAME_SLOT', 'ID_NET_NAME_PATH'];
    const name = keys.map((key) => entry.get(key)).find((value) => value !== undefined && value !== '');
    if (name !== undefined) {
      names.set(device, name);
    }
  }

  return names;
}

/** Parses `getent ahosts` into distinct addresses in the resolver's order. */
export function parseHostAddresses(section: Section): string[] {
  const addresses: string[] = [];
  for (const line of contentLines(section)) {
    const match = /^([0-9a-fA-F.:]+)\s+(STREAM|DGRAM|RAW)\b/.exec(line.text);
    if (!match) {
      return reject(section, line, '"ADDRESS STREAM|DGRAM|RAW [NAME]" as getent ahosts prints it');
    }
    if (!addresses.includes(match[1])) {
      addresses.push(match[1]);
    }
  }

  return addresses;
}

function parseNetworkFiles(section: Section): Pick<NetworkFacts, 'interfacesFile' | 'linkFiles'> {
  const lines = contentLines(section);
  if (lines.length === 0) {
    return reject(section, null, 'a record for /etc/network/interfaces');
  }

  const record = readFileRecord(section, lines[0]);
  if (record.path !== '/etc/network/interfaces') {
    return reject(section, lines[0], 'a record for /etc/network/interfaces');
  }

  return { interfacesFile: toFileFact(record), linkFiles: lines.slice(1).map((line) => linkName(section, line)) };
}

function linkName(section: Section, line: Line): string {
  const { tag, rest } = splitTag(line);
  const name = tag === 'link' ? utf8OrNull(decodeBase64(section, line, rest)) : null;
  if (name === null || !name.endsWith('.link') || name.includes('/')) {
    return reject(section, line, '"link NAME" with a base64 file name ending in .link');
  }

  return name;
}

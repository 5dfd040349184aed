/**
 * Parsers for the probe's small `key value` sections: the run itself, the
 * system state after the boot wait, identity, kernel and boot mode.
 */
import type { BootFacts, IdentityFacts, KernelFacts, SystemFacts } from '../facts.js';
import { readCount, readKeyValues, rejectValue, requireValue } from '../records.js';
import type { Section } from '../sections.js';

/** What the script says about its own run. */
export interface ProbeMeta {
  /** Output format of the script; the parsers read only the format they were written for. */
  format: number;
  /** The host's clock at the start of the run, ISO 8601 in UTC. */
  time: string;
  /** dpkg's native architecture, or null without dpkg. */
  architecture: string | null;
  /** Names on the `skipped` line: the sections the caller asked the script to leave out. */
  skipped: string[];
}

/** Parses the `probe` section. */
export function parseProbeMeta(section: Section): ProbeMeta {
  const values = readKeyValues(section, ['format', 'time', 'architecture', 'skipped']);
  const time = requireValue(section, values, 'time');
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(time)) {
    rejectValue(section, null, 'a UTC time like 2026-01-31T12:00:00Z', time);
  }

  return {
    format: readCount(section, null, requireValue(section, values, 'format'), 'a format number'),
    time,
    architecture: values.get('architecture') || null,
    skipped: (values.get('skipped') ?? '').split(' ').filter((name) => name !== ''),
  };
}

/** Parses the `system` section: systemd's state after the bounded boot wait, and virtualisation. */
export function parseSystem(section: Section): SystemFacts {
  const values = readKeyValues(section, ['state', 'waited', 'container', 'vm']);
  const state = requireValue(section, values, 'state');
  if (!/^[a-z-]+$/.test(state)) {
    rejectValue(section, null, 'a systemd state word', state);
  }

  return {
    state,
    waitedSeconds: readCount(section, null, requireValue(section, values, 'waited'), 'seconds waited'),
    container: virtualisation(section, requireValue(section, values, 'container')),
    vm: virtualisation(section, requireValue(section, values, 'vm')),
  };
}

function virtualisation(section: Section, value: string): string | null {
  if (!/^[a-z0-9_-]+$/.test(value)) {
    rejectValue(section, null, 'a systemd-detect-virt name', value);
  }

  return value === 'none' ? null : value;
}

/** Parses the `identity` section; an empty FQDN (no resolver answer) falls back to the host name. */
export function parseIdentity(section: Section): IdentityFacts {
  const values = readKeyValues(section, ['hostname', 'fqdn', 'machine-id']);
  const hostname = requireValue(section, values, 'hostname');
  const fqdn = requireValue(section, values, 'fqdn') || hostname;
  const machineId = requireValue(section, values, 'machine-id');
  for (const name of [hostname, fqdn]) {
    if (!/^[A-Za-z0-9._-]{1,253}$/.test(name)) {
      rejectValue(section, null, 'a host name of letters, digits, dots and hyphens', name);
    }
  }
  if (!/^([0-9a-f]{32})?$/.test(machineId)) {
    rejectValue(section, null, 'a machine id of 32 hex digits', machineId);
  }

  return { hostname, fqdn, machineId };
}

/** Parses the `kernel` section (`uname -r`, `uname -m`). */
export function parseKernel(section: Section): KernelFacts {
  const values = readKeyValues(section, ['release', 'machine']);
  const release = requireValue(section, values, 'release');
  const machine = requireValue(section, values, 'machine');
  for (const value of [release, machine]) {
    if (!/^\S+$/.test(value)) {
      rejectValue(section, null, 'a kernel release and machine name without spaces', value);
    }
  }

  return { release, machine };
}

/** Parses the `boot` section: UEFI, proxmox-boot-tool, boot time. */
export function parseBoot(section: Section): BootFacts {
  const values = readKeyValues(section, ['efi', 'proxmox-boot-uuids', 'btime']);

  return {
    efi: yesNo(section, requireValue(section, values, 'efi')),
    proxmoxBootTool: yesNo(section, requireValue(section, values, 'proxmox-boot-uuids')),
    bootedAt: readCount(section, null, requireValue(section, values, 'btime'), 'a boot time in epoch seconds'),
  };
}

/** Reads a `yes`/`no` value of the script. */
export function yesNo(section: Section, value: string): boolean {
  if (value !== 'yes' && value !== 'no') {
    rejectValue(section, null, 'yes or no', value);
  }

  return value === 'yes';
}

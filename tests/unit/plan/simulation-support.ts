/**
 * Simulation facts for the plan core's tests: what simulate.sh reports for
 * a PMG 7 host, built by hand so each test states the new packages' files.
 */
import type { HostFacts, SimulatedFile, SimulationFacts, UcfFileFact } from '../../../lib/probe/facts.js';
import { clone, md5 } from '../../support/facts.js';

/** The packages of pmg7Host that the simulated dist-upgrade upgrades. */
export const UPGRADED = ['base-files', 'openssh-server', 'pmg-api', 'proxmox-mailgateway', 'postfix', 'postgresql-common', 'libc6'];

/** A successful simulation that upgrades UPGRADED and reads no file. */
export function simulation(overrides: Partial<SimulationFacts> = {}): SimulationFacts {
  return {
    simulatedAt: '2026-12-01T10:05:00Z',
    durationMs: 15_000,
    codename: 'bookworm',
    removedFirst: ['linux-image-amd64'],
    update: { ok: true, messages: [] },
    upgrade: {
      install: UPGRADED.map((name) => ({ name, version: `${name}-12`, from: `${name}-11` })),
      remove: [],
      error: null,
    },
    download: { packages: 240, bytes: 140_000_000, cachedBytes: 0 },
    ucf: [],
    files: [],
    current: [],
    packages: [],
    ...overrides,
  };
}

/** A file as the new package ships it, with its text. */
export function shipped(path: string, pkg: string, content: string, state: SimulatedFile['state'] = 'conffile'): SimulatedFile {
  return { path, package: pkg, state, md5: md5(content), sizeBytes: Buffer.byteLength(content), content };
}

/** A ucf entry whose recorded checksum is `stock` and whose source was copied unchanged. */
export function ucfEntry(path: string, pkg: string, stock: string, current: string | null): UcfFileFact {
  return { path, package: pkg, recordedMd5: md5(stock), currentMd5: current === null ? null : md5(current), sourceMd5: md5(stock) };
}

/** Returns a copy of the facts with the simulation set. */
export function withSimulation(facts: HostFacts, value: SimulationFacts): HostFacts {
  const next = clone(facts);
  next.simulation = value;

  return next;
}

import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { log } from './log.js';
import { statePaths } from './paths.js';
import { run } from './run.js';

/**
 * Number of /30 networks in 10.213.0.0/16. Each container host takes one:
 * .1 is the host side of its veth pair, .2 the guest side.
 */
const slotCount = 16384;

/** The private network of one container host. */
export interface HostNetwork {
  slot: number;
  /** Network namespace name, visible as /run/netns/NAME. */
  namespace: string;
  /** Host-side veth interface in the machine's own namespace. */
  hostInterface: string;
  /** Guest-side veth interface, moved into the namespace. */
  guestInterface: string;
  hostAddress: string;
  guestAddress: string;
  prefixLength: 30;
}

function addressOf(slot: number, offset: number): string {
  const value = slot * 4 + offset;
  return `10.213.${Math.floor(value / 256)}.${value % 256}`;
}

/** Describes the network of a slot without creating anything. */
export function networkForSlot(slot: number): HostNetwork {
  return {
    slot,
    namespace: `pmgup-testhost-${slot}`,
    hostInterface: `pmgt${slot}`,
    guestInterface: 'eth0',
    hostAddress: addressOf(slot, 1),
    guestAddress: addressOf(slot, 2),
    prefixLength: 30,
  };
}

/**
 * Reserves the lowest free slot for a host. The reservation is a folder under
 * the state root, created with mkdir, which is atomic across processes.
 */
export function reserveSlot(owner: string): number {
  mkdirSync(statePaths.slots, { recursive: true });

  for (let slot = 0; slot < slotCount; slot++) {
    try {
      mkdirSync(join(statePaths.slots, String(slot)));
      writeFileSync(join(statePaths.slots, String(slot), 'owner'), owner);
      return slot;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
  }

  throw new Error(`All ${slotCount} test-host network slots in ${statePaths.slots} are taken; run "testhost down --all"`);
}

/** Returns the host name that reserved a slot, or undefined when the slot is free. */
export function slotOwner(slot: number): string | undefined {
  try {
    return readFileSync(join(statePaths.slots, String(slot), 'owner'), 'utf8');
  } catch {
    return undefined;
  }
}

export function releaseSlot(slot: number): void {
  rmSync(join(statePaths.slots, String(slot)), { recursive: true, force: true });
}

/** Lists the reserved slot numbers. */
export function listSlots(): number[] {
  try {
    return readdirSync(statePaths.slots).map(Number).filter(Number.isInteger);
  } catch {
    return [];
  }
}

/**
 * Creates the namespace and the veth pair and addresses the host side. The
 * guest configures its side itself (ifupdown in the container). Nothing is
 * routed or forwarded beyond the /30.
 */
export async function createNetwork(network: HostNetwork): Promise<void> {
  // A namespace or interface left by a crashed run of the same slot would make
  // the commands below fail, so remove it first.
  await destroyNetwork(network);

  log('net', `creating namespace ${network.namespace} and veth ${network.hostInterface}`);
  await run('ip', ['netns', 'add', network.namespace]);
  await run('ip', [
    'link',
    'add',
    network.hostInterface,
    'type',
    'veth',
    'peer',
    'name',
    network.guestInterface,
    'netns',
    network.namespace,
  ]);
  await run('ip', ['addr', 'add', `${network.hostAddress}/${network.prefixLength}`, 'dev', network.hostInterface]);
  await run('ip', ['link', 'set', network.hostInterface, 'up']);
  await run('ip', ['-n', network.namespace, 'link', 'set', 'lo', 'up']);
}

/** Deletes the veth pair and the namespace. Missing pieces are ignored. */
export async function destroyNetwork(network: HostNetwork): Promise<void> {
  await run('ip', ['link', 'del', network.hostInterface], { allowFailure: true });
  await run('ip', ['netns', 'del', network.namespace], { allowFailure: true });
}

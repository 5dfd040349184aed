/**
 * Turns the TARGET options (`--host`, `--local`, `--facts`, `--inventory`)
 * into named hosts with their facts: probing over SSH or locally, or
 * loading recorded facts. Probes run in parallel, at most `--parallelism`
 * at a time. A cluster of the inventory is given by one member; its other
 * members are found in that member's cluster.conf and probed next (see
 * targets-cluster.ts). Recorded facts of several members of one cluster
 * form that cluster too (targets-recorded.ts). Every host gets a name that
 * is unique within the plan.
 */
import { DEFAULT_PARALLELISM, type CliOptions } from './args.js';
import type { CommandName } from './command-table.js';
import { defaultHostName, loadInventory, type InventoryHost, type LoadedInventory } from '../config/inventory.js';
import { formatTomlPath } from '../config/key-path.js';
import { readSchema } from '../config/schema-files.js';
import { UserError } from '../errors.js';
import type { FleetGroup } from '../plan/fleet.js';
import { probeHost } from '../probe/index.js';
import { loadFacts } from '../probe/recorded.js';
import type { HostFacts } from '../probe/facts.js';
import { LocalTransport } from '../transport/local.js';
import { parseHostSpec } from '../transport/parse-host.js';
import { SshTransport } from '../transport/ssh.js';
import type { Transport } from '../transport/types.js';
import { discoverClusters, type ClusterSeed } from './targets-cluster.js';
import { mapBounded, settleInOrder } from './targets-limit.js';
import { assertDistinctMachines, assertUniqueNames } from './targets-identity.js';
import { groupRecordedClusters } from './targets-recorded.js';

export interface Target {
  /** Name of the host in the plan; empty to take the hostname the probe reads. */
  name: string;
  /** Connection to the host, or null for recorded facts. */
  transport: Transport | null;
  /** Recorded facts file, when the target is one. */
  factsFile: string | null;
  /** The command that reads `factsFile`, which the error for a file of another kind names. */
  command?: CommandName;
  /** The inventory's `[[group]]` of the host. */
  group?: FleetGroup;
  /** Set on the member a `[[cluster]]` entry gives. */
  cluster?: ClusterSeed;
  /** Origin of the target, for messages: `--host VALUE`, `--facts FILE` or an inventory entry. */
  origin?: string;
}

/** Settings of targetsFromOptions. */
export interface TargetOptions {
  /** Reject when the options name no target; default true. */
  required?: boolean;
  /**
   * Let the calls to one host share an SSH connection; default true. Commands
   * that make one call per host turn it off (see SshTransportOptions).
   */
  shareConnection?: boolean;
  /** The command that reads the --facts and --inventory files, which the error for a file of another kind names. */
  command?: CommandName;
}

type Connect = (address: string) => Promise<Transport>;

/**
 * Builds the targets the options name; at least one is required unless
 * `required` is false. The SSH transports read their settings with `ssh -G`
 * in parallel. Invalid host values and a missing target are rejected before
 * any process starts; when several hosts fail, the first in option order
 * is the rejection.
 */
export async function targetsFromOptions(options: CliOptions, settings: TargetOptions = {}): Promise<Target[]> {
  const { required = true, shareConnection = true, command } = settings;
  const connect: Connect = (address) => sshTransport(address, options, shareConnection);
  const builders: (() => Promise<Target>)[] = [];

  for (const spec of options.hosts) {
    const name = defaultHostName(parseHostSpec(spec));
    builders.push(async () => ({ name, transport: await connect(spec), factsFile: null, origin: `--host ${spec}` }));
  }
  if (options.local) {
    builders.push(async () => ({ name: 'local', transport: new LocalTransport(), factsFile: null, origin: '--local' }));
  }
  for (const file of options.facts) {
    builders.push(async () => ({ name: '', transport: null, factsFile: file, origin: `--facts ${file}`, ...(command !== undefined && { command }) }));
  }
  if (options.inventory !== undefined) {
    builders.push(...inventoryTargets(loadInventory(options.inventory, command), connect));
  }

  if (required && builders.length === 0) {
    throw new UserError(
      'No host to work on',
      'Name a target: --host [USER@]HOST[:PORT] to probe over SSH, --local on the gateway itself,\n' +
        '--inventory FILE for the hosts and clusters a file lists, or --facts FILE with facts recorded by pmgup probe --out.\n' +
        'To try pmgup without a mail gateway: pmgup plan --facts examples/pmg7-plain.facts.json',
    );
  }

  return settleInOrder(builders.map((build) => build()));
}

function inventoryTargets(inventory: LoadedInventory, connect: Connect): (() => Promise<Target>)[] {
  const single = (host: InventoryHost, group?: FleetGroup) => async (): Promise<Target> => ({
    name: host.name,
    transport: await connect(host.address),
    factsFile: null,
    origin: inventoryOrigin(inventory, host),
    ...(group !== undefined && { group }),
  });

  return [
    ...inventory.hosts.map((host) => single(host)),
    ...inventory.groups.flatMap((entry) => {
      const group: FleetGroup = { kind: 'hosts', name: entry.name, hosts: entry.hosts.map((host) => host.name), unreachable: [], missing: [] };
      return entry.hosts.map((host) => single(host, group));
    }),
    ...inventory.clusters.map((entry) => async (): Promise<Target> => ({
      name: '',
      transport: await connect(entry.member.address),
      factsFile: null,
      origin: inventoryOrigin(inventory, entry.member),
      cluster: { entry, inventory, connect },
    })),
  ];
}

/** Returns the inventory entry of a host as `FILE: KEY.PATH = "ADDRESS"`. */
export function inventoryOrigin(inventory: LoadedInventory, host: InventoryHost): string {
  const path = host.path.at(-1) === 'member' ? host.path : [...host.path, 'address'];
  return `${inventory.path}: ${formatTomlPath(path)} = ${JSON.stringify(host.address)}`;
}

function sshTransport(spec: string, options: CliOptions, shareConnection: boolean): Promise<Transport> {
  return SshTransport.create(spec, {
    sshConfigFile: options.sshConfig,
    identityFile: options.identityFile,
    knownHostsFile: options.knownHosts,
    sshOptions: options.sshOptions,
    shareConnection,
  });
}

export interface HostWithFacts {
  name: string;
  facts: HostFacts;
  transport: Transport | null;
  /**
   * The plan's target for the host: the transport's, or `facts:FILE` for
   * recorded facts, so apply cannot mistake a plan made from a file for
   * one made on the live host. The facts keep the target they recorded.
   */
  target: string;
  /** The inventory group or cluster of the host; every member shares one object. */
  group?: FleetGroup;
  /** Origin of the host, for messages: Target.origin. */
  origin?: string;
}

/** A probed target, or why its probe failed. */
export type Probed = { target: Target; host: HostWithFacts } | { target: Target; error: unknown };

/** Probes or loads one target and names it; rejects like probeHost or loadFacts. */
export async function probeTarget(target: Target): Promise<HostWithFacts> {
  const facts = target.transport ? await probeHost(target.transport) : await loadFacts(target.factsFile!, target.command);
  const name = target.name === '' || target.name === 'local' ? facts.identity.hostname : target.name;
  assertUsableName(name, target);
  const planTarget = target.transport ? facts.target : `facts:${target.factsFile}`;

  return {
    name,
    facts,
    transport: target.transport,
    target: planTarget,
    ...(target.group !== undefined && { group: target.group }),
    ...(target.origin !== undefined && { origin: target.origin }),
  };
}

/** Probes targets, at most `parallelism` at once, keeping each failure with its target. */
export function probeAll(targets: readonly Target[], parallelism: number): Promise<Probed[]> {
  return mapBounded(targets, parallelism, async (target): Promise<Probed> => {
    try {
      return { target, host: await probeTarget(target) };
    } catch (error) {
      return { target, error };
    }
  });
}

/**
 * Probes or loads every target, names recorded and local hosts after their
 * hostname, and adds the other members of every inventory cluster. Member
 * targets found that way are appended to `targets`, so closeTargets closes
 * them too. Recorded hosts that are members of one cluster are grouped as
 * that cluster (see targets-recorded.ts). Throws when a target given
 * directly cannot be probed, when two hosts are one machine (the same
 * machine id), or when two hosts have one name. A cluster member that cannot be probed, or
 * that no recorded facts file gives, becomes an error diagnostic of the plan.
 */
export async function gatherFacts(targets: Target[], parallelism = DEFAULT_PARALLELISM): Promise<HostWithFacts[]> {
  const probed = await probeAll(targets, parallelism);
  throwFailures(probed);
  const hosts = await discoverClusters(
    probed.map((item) => ({ target: item.target, host: (item as { host: HostWithFacts }).host })),
    parallelism,
    (added) => targets.push(...added),
  );
  assertDistinctMachines(hosts);
  assertUniqueNames(hosts);

  return groupRecordedClusters(hosts);
}

/** Throws the failure of the only failed target, or one error naming every failed target. */
function throwFailures(probed: Probed[]): void {
  const failed = probed.flatMap((item) => ('error' in item ? [item] : []));
  if (failed.length === 0) {
    return;
  }
  if (failed.length === 1) {
    throw failed[0]!.error;
  }

  const lines = failed.map((item) => `${describeTarget(item.target)}: ${errorTitle(item.error)}`);
  throw new UserError(
    `Cannot probe ${failed.length} of ${probed.length} hosts`,
    `${lines.join('\n')}\nRun pmgup probe --host on one of them for the whole error. Nothing was changed on any host.`,
    { cause: failed[0]!.error },
  );
}

export function describeTarget(target: Target): string {
  return target.factsFile ?? (target.name || target.transport?.name || 'host');
}

export function errorTitle(error: unknown): string {
  if (error instanceof UserError) {
    return `${error.message}: ${error.detail.split('\n')[0]}`;
  }

  return error instanceof Error ? error.message : String(error);
}

let hostNamePattern: RegExp | undefined;

// A plan names every action after its host, and the plan schema limits host
// names, so a hostname outside that set would make a plan no one can save.
function assertUsableName(name: string, target: Target): void {
  const defs = readSchema('plan.schema.json').$defs as Record<string, { pattern: string }>;
  hostNamePattern ??= new RegExp(defs.hostName.pattern);
  if (hostNamePattern.test(name)) {
    return;
  }

  const source = target.factsFile !== null ? `identity.hostname in ${target.factsFile}` : 'the hostname the probe read';
  throw new UserError(
    `Host name ${JSON.stringify(name)} cannot name a host in a plan`,
    `It comes from ${source}. A host name in a plan is made of letters, digits and \`. _ @ : [ ] -\`,\n` +
      'starts with a letter or digit and has at most 253 characters.\n' +
      'Probe the host with --host ADDRESS, which names it after the address, or record its facts again.',
  );
}

/** Closes every transport, ignoring targets without one. */
export async function closeTargets(targets: Target[]): Promise<void> {
  await Promise.all(targets.map((target) => target.transport?.close()));
}

/**
 * Turns the TARGET options (`--host`, `--local`, `--facts`) into named
 * hosts with their facts: probing over SSH or locally, or loading recorded
 * facts. Every host gets a name that is unique within the plan.
 */
import type { CliOptions } from './args.js';
import { readSchema } from '../config/schema-files.js';
import { UserError } from '../errors.js';
import { probeHost } from '../probe/index.js';
import { loadFacts } from '../probe/recorded.js';
import type { HostFacts } from '../probe/facts.js';
import { LocalTransport } from '../transport/local.js';
import { parseHostSpec } from '../transport/parse-host.js';
import { SshTransport } from '../transport/ssh.js';
import type { Transport } from '../transport/types.js';

export interface Target {
  /** Name of the host in the plan. */
  name: string;
  /** Connection to the host, or null for recorded facts. */
  transport: Transport | null;
  /** Recorded facts file, when the target is one. */
  factsFile: string | null;
}

/** Builds the targets the options name; at least one is required. */
export function targetsFromOptions(options: CliOptions, required = true): Target[] {
  const targets: Target[] = [];

  for (const spec of options.hosts) {
    const parsed = parseHostSpec(spec);
    const name = parsed.port === undefined || parsed.port === 22 ? parsed.host : `${parsed.host}:${parsed.port}`;
    targets.push({ name, transport: sshTransport(spec, options), factsFile: null });
  }
  if (options.local) {
    targets.push({ name: 'local', transport: new LocalTransport(), factsFile: null });
  }
  for (const file of options.facts) {
    targets.push({ name: '', transport: null, factsFile: file });
  }

  if (required && targets.length === 0) {
    throw new UserError(
      'No host to work on',
      'Name a target: --host [USER@]HOST[:PORT] to probe over SSH, --local on the gateway itself,\n' +
        'or --facts FILE with facts recorded by pmgup probe --out.\n' +
        'To try pmgup without a mail gateway: pmgup plan --facts examples/pmg7-plain.facts.json',
    );
  }

  return targets;
}

function sshTransport(spec: string, options: CliOptions): Transport {
  return new SshTransport(spec, {
    sshConfigFile: options.sshConfig,
    identityFile: options.identityFile,
    knownHostsFile: options.knownHosts,
    sshOptions: options.sshOptions,
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
}

/** Probes or loads every target, and names recorded and local hosts after their hostname. */
export async function gatherFacts(targets: Target[]): Promise<HostWithFacts[]> {
  const results = await Promise.all(
    targets.map(async (target) => {
      const facts = target.transport ? await probeHost(target.transport) : await loadFacts(target.factsFile!);
      const name = target.name === '' || target.name === 'local' ? facts.identity.hostname : target.name;
      assertUsableName(name, target);
      const planTarget = target.transport ? facts.target : `facts:${target.factsFile}`;

      return { name, facts, transport: target.transport, target: planTarget };
    }),
  );

  assertUniqueNames(results);

  return results;
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

function assertUniqueNames(hosts: HostWithFacts[]): void {
  const seen = new Map<string, number>();
  for (const host of hosts) {
    seen.set(host.name, (seen.get(host.name) ?? 0) + 1);
  }

  const duplicates = [...seen].filter(([, n]) => n > 1).map(([name]) => name);
  if (duplicates.length > 0) {
    throw new UserError(
      'The same host is named twice',
      `These names appear more than once among the targets: ${duplicates.join(', ')}.\n` +
        'Give each host once; two recorded facts files of one host cannot be planned together.',
    );
  }
}

/** Closes every transport, ignoring targets without one. */
export async function closeTargets(targets: Target[]): Promise<void> {
  await Promise.all(targets.map((target) => target.transport?.close()));
}

/**
 * Command-line parsing: one option table shared by every command, parsed
 * strictly with node:util, so an unknown or misspelled option is an error
 * that names it rather than something silently ignored.
 */
import { parseArgs } from 'node:util';

import { closestMatch } from '../config/suggest.js';
import { UserError } from '../errors.js';

/** Hosts probed and applied at once when --parallelism is not given. */
export const DEFAULT_PARALLELISM = 8;

export const COMMANDS = ['plan', 'apply', 'probe', 'show', 'graph', 'check', 'version', 'help'] as const;
export type CommandName = (typeof COMMANDS)[number];

const OPTIONS = {
  host: { type: 'string', multiple: true },
  local: { type: 'boolean' },
  facts: { type: 'string', multiple: true },
  inventory: { type: 'string' },
  parallelism: { type: 'string' },
  'keep-going': { type: 'boolean' },
  'ssh-config': { type: 'string' },
  'identity-file': { type: 'string' },
  'known-hosts': { type: 'string' },
  'ssh-option': { type: 'string', multiple: true },
  out: { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'detailed-exitcode': { type: 'boolean' },
  'auto-approve': { type: 'boolean' },
  'force-unlock': { type: 'boolean' },
  simulate: { type: 'boolean' },
  'no-simulate': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CliOptions {
  hosts: string[];
  local: boolean;
  facts: string[];
  /** Inventory file naming hosts, groups and clusters. */
  inventory?: string;
  /** Hosts probed, and hosts or clusters applied, at once. */
  parallelism: number;
  /** Apply: after a failure, let hosts and clusters independent of it go on. */
  keepGoing: boolean;
  sshConfig?: string;
  identityFile?: string;
  knownHosts?: string;
  sshOptions: string[];
  out?: string;
  json: boolean;
  noColor: boolean;
  detailedExitcode: boolean;
  autoApprove: boolean;
  forceUnlock: boolean;
  /**
   * Simulate the upgrade on live hosts before planning: true by default,
   * false with --no-simulate. --simulate also makes probe record one.
   */
  simulate: boolean;
  /** --simulate was given explicitly. */
  simulateRequested: boolean;
  help: boolean;
}

export interface ParsedCommand {
  command: CommandName;
  positionals: string[];
  options: CliOptions;
}

/** Parses argv (without the node and script paths) into a command, its positionals and options. */
export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  const [first, ...rest] = argv;

  if (first === undefined || first === '--help' || first === '-h') {
    return { command: 'help', positionals: [], options: emptyOptions() };
  }
  if (first === '--version') {
    return { command: 'version', positionals: [], options: emptyOptions() };
  }
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UserError(
      `Unknown command ${JSON.stringify(first)}`,
      `${didYouMean(first, COMMANDS)}pmgup knows these commands: ${COMMANDS.join(', ')}.\n` +
        'Run pmgup help for what each does.',
    );
  }

  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw invalidArguments(first, rest, error as Error);
  }

  const values = parsed.values;
  if (first !== 'help' && parsed.positionals.length > 1) {
    throw new UserError(
      `pmgup ${first} takes one file, got ${parsed.positionals.length}: ${parsed.positionals.map((value) => JSON.stringify(value)).join(', ')}`,
      `Give one file, with the options after it. Run pmgup help for the usage of ${first}.`,
    );
  }

  return {
    command: first as CommandName,
    positionals: parsed.positionals,
    options: {
      hosts: values.host ?? [],
      local: values.local ?? false,
      facts: values.facts ?? [],
      inventory: values.inventory,
      parallelism: parseParallelism(first, values.parallelism),
      keepGoing: values['keep-going'] ?? false,
      sshConfig: values['ssh-config'],
      identityFile: values['identity-file'],
      knownHosts: values['known-hosts'],
      sshOptions: values['ssh-option'] ?? [],
      out: values.out,
      json: values.json ?? false,
      noColor: values['no-color'] ?? false,
      detailedExitcode: values['detailed-exitcode'] ?? false,
      autoApprove: values['auto-approve'] ?? false,
      forceUnlock: values['force-unlock'] ?? false,
      simulate: simulateOption(first, values.simulate, values['no-simulate']),
      simulateRequested: values.simulate ?? false,
      help: values.help ?? false,
    },
  };
}

function simulateOption(command: string, on: boolean | undefined, off: boolean | undefined): boolean {
  if (on === true && off === true) {
    throw new UserError(
      `Invalid arguments for pmgup ${command}`,
      '--simulate and --no-simulate contradict each other. Give one of them, or neither for the default (simulate).',
    );
  }

  return off !== true;
}

/** Largest --parallelism accepted: each host in flight holds an SSH connection and a probe's output. */
export const MAX_PARALLELISM = 256;

function parseParallelism(command: string, text: string | undefined): number {
  if (text === undefined) {
    return DEFAULT_PARALLELISM;
  }
  const value = /^[0-9]{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isInteger(value) && value >= 1 && value <= MAX_PARALLELISM) {
    return value;
  }

  throw new UserError(
    `Invalid arguments for pmgup ${command}`,
    `--parallelism ${JSON.stringify(text)} is not a whole number from 1 to ${MAX_PARALLELISM}.\n` +
      `It sets how many hosts pmgup probes, and applies to, at once (default ${DEFAULT_PARALLELISM}); 1 works on one host at a time.`,
  );
}

function didYouMean(input: string, candidates: readonly string[], format = (match: string) => match): string {
  const match = closestMatch(input, candidates);

  return match === undefined ? '' : `Did you mean ${format(match)}?\n`;
}

// node:util's message for an unknown option also explains how to pass a
// positional that starts with "-", which pmgup never needs, so that case
// gets a message of its own.
function invalidArguments(command: string, args: readonly string[], error: Error): UserError {
  const remedy = 'Run pmgup help for the options each command takes.';
  const unknown = args.find((arg) => arg.startsWith('-') && !isKnownOption(arg));
  if ((error as NodeJS.ErrnoException).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || unknown === undefined) {
    return new UserError(`Invalid arguments for pmgup ${command}`, `${error.message}\n${remedy}`, { cause: error });
  }

  const name = unknown.replace(/^-+/, '').replace(/=.*$/, '');
  const hint = didYouMean(name, Object.keys(OPTIONS), (match) => `--${match}`);

  return new UserError(
    `Invalid arguments for pmgup ${command}`,
    `pmgup ${command} has no option ${JSON.stringify(unknown)}.\n${hint}${remedy}`,
    { cause: error },
  );
}

function isKnownOption(arg: string): boolean {
  if (arg === '--') {
    return true;
  }
  if (arg.startsWith('--')) {
    return Object.hasOwn(OPTIONS, arg.slice(2).replace(/=.*$/, ''));
  }

  return arg === '-h';
}

function emptyOptions(): CliOptions {
  return {
    hosts: [],
    local: false,
    facts: [],
    parallelism: DEFAULT_PARALLELISM,
    keepGoing: false,
    sshOptions: [],
    json: false,
    noColor: false,
    detailedExitcode: false,
    autoApprove: false,
    forceUnlock: false,
    simulate: true,
    simulateRequested: false,
    help: false,
  };
}

export const USAGE = `pmgup: plan and apply the Proxmox Mail Gateway 7 to 8 upgrade

Usage:
  pmgup plan [DESIRED.toml] TARGET [--out PLAN.json] [--json] [--detailed-exitcode] [--no-simulate]
  pmgup apply [DESIRED.toml] TARGET [--auto-approve] [--json] [--parallelism N] [--keep-going] [--no-simulate]
  pmgup apply PLAN.json [SSH OPTIONS] [--json] [--parallelism N] [--keep-going]
  pmgup check [DESIRED.toml] TARGET [--json]
  pmgup probe TARGET [--out FACTS.json] [--simulate [DESIRED.toml]]
  pmgup show PLAN.json [--json]
  pmgup graph [DESIRED.toml] TARGET | pmgup graph PLAN.json

DESIRED.toml defaults to the shipped plans/pmg-8.toml.

TARGET (one or more):
  --host [USER@]HOST[:PORT]   probe the host over SSH (repeatable; each host is independent)
  --inventory FILE            the hosts, groups and PMG clusters a TOML file lists (docs/inventory.md)
  --local                     probe this machine (pmgup running on the gateway as root)
  --facts FILE                plan from facts recorded by pmgup probe --out (repeatable; the files
                              of several members of one PMG cluster are planned as that cluster)

SSH OPTIONS (passed to the OpenSSH client, which keeps your ~/.ssh/config, agent and known hosts):
  --ssh-config FILE           use FILE as the ssh configuration (ssh -F)
  --identity-file FILE        private key (ssh -i)
  --known-hosts FILE          known_hosts file (UserKnownHostsFile)
  --ssh-option KEY=VALUE      any ssh -o option, e.g. StrictHostKeyChecking=accept-new (repeatable)

Output:
  --out FILE                  save the plan (plan) or the facts (probe) to FILE
  --json                      print a JSON document (plan, show, check) or JSON lines (apply)
  --no-color                  no colours (also when NO_COLOR is set or output is not a terminal)
  --detailed-exitcode         plan: exit 0 without changes, 2 with changes, 1 on error
  --no-simulate               plan, apply DESIRED.toml: skip the upgrade simulation on the host (apt-get update and
                              apt-get -s dist-upgrade against the new release in a scratch directory,
                              which predicts each configuration-file question and the download size)
  --simulate                  probe: record that simulation in the facts, for plans made offline

Hosts at once:
  --parallelism N             probe, and apply to, at most N hosts at once (1 to 256, default 8);
                              the members of a cluster are always upgraded one at a time
  --keep-going                apply: after a failure, go on with hosts and clusters that do not
                              depend on it (by default no new host starts)

Apply:
  --auto-approve              apply without asking (required when there is no terminal)
  --force-unlock              remove a stale apply lock on the host, then stop

Exit status: 0 success, 1 error or a failed check, 2 changes present (with --detailed-exitcode).
`;

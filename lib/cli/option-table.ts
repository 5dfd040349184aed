/**
 * Every option pmgup parses, with the commands that take it and its meaning
 * in each. node:util's parseArgs reads the `type`, `multiple` and `short`
 * fields. The help and the argument check read the rest, so an option that
 * no entry of `uses` gives to a command is an error on that command.
 */
import { COMMANDS, HOST_COMMANDS, type CommandName } from './command-table.js';

/**
 * Hosts apply probes and changes at once when --parallelism is not given: a
 * bound on how many gateways a faulty plan can reach before it stops.
 */
export const DEFAULT_PARALLELISM = 8;

/**
 * Hosts plan, check, probe and graph probe at once when --parallelism is not
 * given. They only read, and a plan's simulation waits seconds for each
 * host's apt-get update, so a fleet is read in fewer rounds. Each host in
 * flight costs an ssh client of about 8 MB.
 */
export const DEFAULT_READ_PARALLELISM = 32;

/** Returns the --parallelism default of `command`. */
export function defaultParallelism(command: CommandName): number {
  return command === 'apply' ? DEFAULT_PARALLELISM : DEFAULT_READ_PARALLELISM;
}

/** Largest --parallelism accepted: each host in flight keeps an SSH connection open and a probe's output in memory. */
export const MAX_PARALLELISM = 256;

export type OptionGroup = 'target' | 'ssh' | 'output' | 'simulation' | 'fleet' | 'apply' | 'help';

/** Heading of each group of options in the help, in the order they are printed. */
export const OPTION_GROUPS: Record<OptionGroup, { title: string; note?: string }> = {
  target: { title: 'TARGET, one or more' },
  ssh: { title: 'SSH options', note: 'Passed to the OpenSSH client, which keeps your ~/.ssh/config, agent and known hosts.' },
  output: { title: 'Output' },
  simulation: { title: 'Upgrade simulation' },
  fleet: { title: 'Hosts at once' },
  apply: { title: 'Changing hosts' },
  help: { title: 'Help' },
};

/** Meaning of an option in some of the commands. */
export interface OptionUse {
  commands: readonly CommandName[];
  /** Help text: what the option sets, and in what unit. */
  help: string;
  /** Third-person phrase for errors: "--out does not apply to check: it {does} (plan)". */
  does: string;
}

/** One option: its parseArgs settings and its help. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Placeholder for the value in the help, for string options. */
  value?: string;
  group: OptionGroup;
  uses: readonly OptionUse[];
  /** Extra advice when the option is given to a command that does not take it. */
  hints?: Partial<Record<CommandName, string>>;
}

export const OPTIONS = {
  host: {
    type: 'string',
    multiple: true,
    value: '[USER@]HOST[:PORT]',
    group: 'target',
    uses: [{ commands: HOST_COMMANDS, help: 'a host to reach over SSH (repeatable; each host is independent)', does: 'names a host to reach over SSH' }],
  },
  inventory: {
    type: 'string',
    value: 'FILE',
    group: 'target',
    uses: [
      {
        commands: HOST_COMMANDS,
        help: 'the hosts, groups and PMG clusters a TOML file lists (docs/inventory.md)',
        does: 'reads the hosts from an inventory file',
      },
    ],
  },
  local: {
    type: 'boolean',
    group: 'target',
    uses: [{ commands: HOST_COMMANDS, help: 'this machine, with pmgup running on the gateway as root', does: 'works on this machine' }],
  },
  facts: {
    type: 'string',
    multiple: true,
    value: 'FILE',
    group: 'target',
    uses: [
      {
        commands: ['plan', 'check', 'graph'],
        help: 'facts recorded by pmgup probe --out, in place of a live host (repeatable; the files of several members of one PMG cluster are planned as that cluster)',
        does: 'reads facts recorded by pmgup probe --out',
      },
    ],
    hints: {
      apply: 'apply changes live hosts only: name them with --host or --local. pmgup plan --facts shows the plan without changing anything.',
      probe: 'probe reads live hosts only: name them with --host or --local. A facts file is already probed.',
    },
  },
  'ssh-config': {
    type: 'string',
    value: 'FILE',
    group: 'ssh',
    uses: [{ commands: HOST_COMMANDS, help: 'use FILE as the ssh configuration (ssh -F)', does: 'sets the ssh configuration file' }],
  },
  'identity-file': {
    type: 'string',
    value: 'FILE',
    group: 'ssh',
    uses: [{ commands: HOST_COMMANDS, help: 'private key (ssh -i)', does: 'sets the ssh private key' }],
  },
  'known-hosts': {
    type: 'string',
    value: 'FILE',
    group: 'ssh',
    uses: [{ commands: HOST_COMMANDS, help: 'known_hosts file (UserKnownHostsFile)', does: 'sets the ssh known_hosts file' }],
  },
  'ssh-option': {
    type: 'string',
    multiple: true,
    value: 'KEY=VALUE',
    group: 'ssh',
    uses: [
      {
        commands: HOST_COMMANDS,
        help: 'any ssh -o option, e.g. StrictHostKeyChecking=accept-new (repeatable)',
        does: 'passes an option to ssh',
      },
    ],
  },
  out: {
    type: 'string',
    value: 'FILE',
    group: 'output',
    uses: [
      { commands: ['plan'], help: 'save the plan to FILE, for review and for pmgup apply FILE', does: 'saves the plan' },
      { commands: ['probe'], help: 'save the facts of one host to FILE, to plan from them with --facts', does: 'saves the facts' },
    ],
  },
  json: {
    type: 'boolean',
    group: 'output',
    uses: [
      { commands: ['plan', 'check', 'show'], help: 'print a JSON document in place of text', does: 'prints a JSON document' },
      { commands: ['apply'], help: 'print the progress as JSON lines', does: 'prints the progress as JSON lines' },
    ],
    hints: { probe: 'probe always prints JSON.', graph: 'graph always prints DOT.' },
  },
  'no-color': {
    type: 'boolean',
    group: 'output',
    uses: [
      {
        commands: ['plan', 'apply', 'check', 'show'],
        help: 'no colours (also when NO_COLOR is set or the output is not a terminal)',
        does: 'turns off colours',
      },
    ],
    hints: { probe: 'probe prints JSON, which has no colours.', graph: 'graph prints DOT, which has no colours.' },
  },
  'detailed-exitcode': {
    type: 'boolean',
    group: 'output',
    uses: [{ commands: ['plan'], help: 'exit 0 without changes, 2 with changes, 1 on error', does: 'exits 2 when the plan has changes' }],
  },
  'no-simulate': {
    type: 'boolean',
    group: 'simulation',
    uses: [
      {
        commands: ['plan', 'apply'],
        help:
          'skip the upgrade simulation on each host before planning (apt-get update and apt-get -s dist-upgrade ' +
          'against the new release in a scratch directory, which predicts each configuration-file question and the download size)',
        does: 'skips the upgrade simulation before planning',
      },
    ],
  },
  simulate: {
    type: 'boolean',
    group: 'simulation',
    uses: [
      {
        commands: ['probe'],
        help: 'record that simulation in the facts, for plans made offline',
        does: 'records the upgrade simulation in the facts',
      },
    ],
    hints: { plan: 'plan simulates by default; --no-simulate turns it off.', apply: 'apply simulates by default; --no-simulate turns it off.' },
  },
  parallelism: {
    type: 'string',
    value: 'N',
    group: 'fleet',
    uses: [
      {
        commands: ['plan', 'check', 'probe', 'graph'],
        help: `probe at most N hosts at once (1 to ${MAX_PARALLELISM}, default ${DEFAULT_READ_PARALLELISM})`,
        does: 'limits how many hosts pmgup works on at once',
      },
      {
        commands: ['apply'],
        help:
          `probe and change at most N hosts at once (1 to ${MAX_PARALLELISM}, default ${DEFAULT_PARALLELISM}); ` +
          'the members of a cluster are always upgraded one at a time',
        does: 'limits how many hosts pmgup works on at once',
      },
    ],
  },
  'keep-going': {
    type: 'boolean',
    group: 'fleet',
    uses: [
      {
        commands: ['apply'],
        help: 'after a failure, go on with hosts and clusters that do not depend on it (by default no new host starts)',
        does: 'goes on with independent hosts after a failure',
      },
    ],
  },
  'auto-approve': {
    type: 'boolean',
    group: 'apply',
    uses: [
      {
        commands: ['apply'],
        help: 'with DESIRED.toml, apply without asking (required when there is no terminal)',
        does: 'applies without asking',
      },
    ],
  },
  'force-unlock': {
    type: 'boolean',
    group: 'apply',
    uses: [{ commands: ['apply'], help: 'remove a stale apply lock on the host, then stop', does: 'removes a stale apply lock' }],
  },
  help: {
    type: 'boolean',
    short: 'h',
    group: 'help',
    uses: [{ commands: COMMANDS, help: 'print the help of the command', does: 'prints the help' }],
  },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

/** Every option in the order the help lists it. */
export const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];

/** Returns the use of `option` in `command`, or undefined when the command does not take it. */
export function optionUse(option: OptionName, command: CommandName): OptionUse | undefined {
  const spec: OptionSpec = OPTIONS[option];

  return spec.uses.find((use) => use.commands.includes(command));
}

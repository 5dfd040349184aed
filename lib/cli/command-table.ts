/**
 * The commands of pmgup with the text of their help: what each does, its
 * usage lines and an example. The global usage and each command's help are
 * both rendered from this table and from the option table, so they cannot
 * disagree.
 */

export const COMMANDS = ['plan', 'apply', 'check', 'probe', 'show', 'graph', 'help', 'version'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** The commands that reach hosts, and so take a TARGET and the SSH options. */
export const HOST_COMMANDS = ['plan', 'apply', 'check', 'probe', 'graph'] as const satisfies readonly CommandName[];

/** Help text of one command. */
export interface CommandHelp {
  /** Description of the command, in one or two sentences. */
  summary: string;
  /** Usage lines, each starting with `pmgup`. */
  usage: readonly string[];
  /** Name of the one positional argument (`file`, `command`), or null when the command takes none. */
  operand: 'file' | 'command' | null;
  /** Lines printed after the options, such as defaults and exit statuses. */
  notes: readonly string[];
  example: string;
}

const DESIRED_DEFAULT = 'DESIRED.toml defaults to the shipped plans/pmg-8.toml.';

export const COMMAND_HELP: Record<CommandName, CommandHelp> = {
  plan: {
    summary:
      'Probe every target, compare it with the desired state and print the ordered steps that would take it there. ' +
      'plan changes nothing on the hosts.',
    usage: ['pmgup plan [DESIRED.toml] TARGET [OPTIONS]'],
    operand: 'file',
    notes: [
      DESIRED_DEFAULT,
      'Exit status: 0 success, 1 error or a check that makes the plan unappliable, 2 changes present (with --detailed-exitcode).',
    ],
    example: 'pmgup plan plans/pmg-8.toml --host root@gw1.example.net --out gw1.plan.json',
  },
  apply: {
    summary:
      'Carry out a plan. With DESIRED.toml, plan the targets, show the plan and ask before changing anything. ' +
      'With PLAN.json, apply exactly that saved plan, after checking that the hosts did not change since it was made.',
    usage: ['pmgup apply [DESIRED.toml] TARGET [OPTIONS]', 'pmgup apply PLAN.json [OPTIONS]'],
    operand: 'file',
    notes: [
      DESIRED_DEFAULT,
      'With PLAN.json, pmgup reaches each host at the address the plan records; --host gives a new address to the plan host of that name.',
      'With PLAN.json, --local and --no-simulate are rejected: the saved plan already settled how each host is reached and whether it was simulated.',
      'Exit status: 0 every action done, 1 apply rejected or an action failed.',
    ],
    example: 'pmgup apply gw1.plan.json',
  },
  check: {
    summary:
      "Print the checklist alone: what Proxmox's pmg7to8 checks before, during and after the upgrade, " +
      'and the failures operators report in the field.',
    usage: ['pmgup check [DESIRED.toml] TARGET [OPTIONS]'],
    operand: 'file',
    notes: [DESIRED_DEFAULT, 'Exit status: 0 no check failed, 1 a check failed or an error.'],
    example: 'pmgup check --host root@gw1.example.net',
  },
  probe: {
    summary:
      'Run the read-only probe on the targets and print their facts as JSON. With --out, save them to a file ' +
      'that pmgup plan --facts plans from later, without access to the host.',
    usage: ['pmgup probe TARGET [OPTIONS]', 'pmgup probe [DESIRED.toml] TARGET --simulate [OPTIONS]'],
    operand: 'file',
    notes: ['With --simulate, the desired state sets what the simulation upgrades to. ' + DESIRED_DEFAULT],
    example: 'pmgup probe --host root@gw1.example.net --simulate --out gw1.facts.json',
  },
  show: {
    summary: 'Print a saved plan, after validating it, as pmgup plan printed it when it was made.',
    usage: ['pmgup show PLAN.json [OPTIONS]'],
    operand: 'file',
    notes: ['Exit status: 0 success, 1 error or a plan that cannot be applied.'],
    example: 'pmgup show gw1.plan.json',
  },
  graph: {
    summary: 'Print the action graph as DOT: of a saved plan, or of a new plan of the targets.',
    usage: ['pmgup graph [DESIRED.toml] TARGET [OPTIONS]', 'pmgup graph PLAN.json'],
    operand: 'file',
    notes: [DESIRED_DEFAULT, 'With PLAN.json, graph contacts no host and takes no TARGET or SSH options.'],
    example: 'pmgup graph gw1.plan.json | dot -Tsvg > gw1.plan.svg',
  },
  help: {
    summary: 'Print the usage of pmgup, or the help of one command.',
    usage: ['pmgup help [COMMAND]'],
    operand: 'command',
    notes: [],
    example: 'pmgup help plan',
  },
  version: {
    summary: 'Print the version of pmgup. pmgup --version does the same.',
    usage: ['pmgup version'],
    operand: null,
    notes: [],
    example: 'pmgup version',
  },
};

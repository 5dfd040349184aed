/**
 * Command-line parsing, strict in two ways: node:util rejects an unknown or
 * misspelt option, and an option that the command does not take (see
 * option-table.ts) is rejected with the commands that do take it, so no
 * option is ever silently ignored.
 */
import { parseArgs } from 'node:util';

import { closestMatch } from '../config/suggest.js';
import { UserError } from '../errors.js';
import { COMMAND_HELP, COMMANDS, type CommandName } from './command-table.js';
import { DEFAULT_PARALLELISM, defaultParallelism, MAX_PARALLELISM, OPTIONS, optionUse, type OptionName, type OptionSpec } from './option-table.js';

export { COMMANDS, DEFAULT_PARALLELISM, MAX_PARALLELISM, type CommandName };

/** Exit status of a command line pmgup cannot run, the same as for any other error. */
export const USAGE_ERROR_STATUS = 1;

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
  /** The options on the command line, by long name, each once, in the order first given. */
  optionsGiven: OptionName[];
}

/**
 * Parses argv (without the node and script paths) into a command, its
 * positionals and options. With --help, only the command name is
 * checked, so the command's help is printed whatever else the line contains.
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  const [first = 'help', ...rest] = argv;
  const command = commandNamed(aliasOf(first));

  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw invalidArguments(command, rest, error as Error);
  }

  const values = parsed.values;
  const optionsGiven = [...new Set(parsed.tokens.flatMap((token) => (token.kind === 'option' ? [token.name as OptionName] : [])))];
  if (values.help === true) {
    return { command, positionals: [], options: { ...emptyOptions(), help: true }, optionsGiven };
  }
  rejectUnusedOptions(command, optionsGiven);
  rejectRepeatedOptions(command, parsed.tokens);
  rejectExtraOperands(command, parsed.positionals);
  if (command === 'help' && parsed.positionals[0] !== undefined) {
    commandNamed(parsed.positionals[0]);
  }

  return {
    command,
    positionals: parsed.positionals,
    optionsGiven,
    options: {
      hosts: values.host ?? [],
      local: values.local ?? false,
      facts: values.facts ?? [],
      inventory: values.inventory,
      parallelism: parseParallelism(command, values.parallelism),
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
      simulate: values['no-simulate'] !== true,
      simulateRequested: values.simulate ?? false,
      help: false,
    },
  };
}

// `pmgup --help` and `pmgup --version` are the commands help and version.
function aliasOf(first: string): string {
  if (first === '--help' || first === '-h') {
    return 'help';
  }

  return first === '--version' ? 'version' : first;
}

function commandNamed(name: string): CommandName {
  if ((COMMANDS as readonly string[]).includes(name)) {
    return name as CommandName;
  }

  throw new UserError(
    `Unknown command ${JSON.stringify(name)}`,
    `${didYouMean(name, COMMANDS)}pmgup knows these commands: ${COMMANDS.join(', ')}.\n` + 'Run pmgup help for what each does.',
    { exitCode: USAGE_ERROR_STATUS },
  );
}

/** Rejects, all at once, every option given that `command` does not take. */
function rejectUnusedOptions(command: CommandName, optionsGiven: readonly OptionName[]): void {
  const unused = optionsGiven.filter((name) => optionUse(name, command) === undefined);
  if (unused.length === 0) {
    return;
  }

  const lines = unused.map((name) => unusedOptionLine(name, command));
  const remedy = `Leave ${unused.length === 1 ? 'it' : 'them'} out. Run pmgup help ${command} for the options ${command} takes.`;

  throw new UserError(`Invalid arguments for pmgup ${command}`, [...lines, remedy].join('\n'), { exitCode: USAGE_ERROR_STATUS });
}

/** Returns "--out does not apply to check: it saves the plan (plan), or saves the facts (probe).", and the option's hint. */
function unusedOptionLine(name: OptionName, command: CommandName): string {
  const spec: OptionSpec = OPTIONS[name];
  const byPurpose = new Map<string, CommandName[]>();
  for (const use of spec.uses) {
    byPurpose.set(use.does, [...(byPurpose.get(use.does) ?? []), ...use.commands]);
  }
  const purposes = [...byPurpose].map(([does, commands]) => `${does} (${commands.join(', ')})`);
  const hint = spec.hints?.[command];

  const line = `--${name} does not apply to ${command}: it ${purposes.join(', or ')}.`;

  return hint === undefined ? line : `${line}\n${hint}`;
}

/**
 * Rejects an option that takes one value but is given more than once, such
 * as `--out a.json --out b.json`, because only the last would count. A flag
 * given twice means the same as once.
 */
function rejectRepeatedOptions(command: CommandName, tokens: readonly { kind: string; name?: string; value?: string | undefined }[]): void {
  const seen = new Map<string, string[]>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined) {
      continue;
    }
    const spec: OptionSpec = OPTIONS[token.name as OptionName];
    if (spec.type !== 'string' || spec.multiple === true) {
      continue;
    }
    seen.set(token.name, [...(seen.get(token.name) ?? []), token.value ?? '']);
  }

  const repeated = [...seen].filter(([, values]) => values.length > 1);
  if (repeated.length === 0) {
    return;
  }

  const lines = repeated.map(([name, values]) => `--${name} is given ${values.length} times: ${values.map((value) => JSON.stringify(value)).join(', ')}.`);
  throw new UserError(`Invalid arguments for pmgup ${command}`, [...lines, 'Give each of these options once.'].join('\n'), { exitCode: USAGE_ERROR_STATUS });
}

function rejectExtraOperands(command: CommandName, positionals: readonly string[]): void {
  const operand = COMMAND_HELP[command].operand;
  const limit = operand === null ? 0 : 1;
  if (positionals.length <= limit) {
    return;
  }

  const quoted = positionals.map((value) => JSON.stringify(value)).join(', ');
  const [title, remedy] =
    operand === null
      ? [`pmgup ${command} takes no arguments, got ${positionals.length}: ${quoted}`, `Leave ${positionals.length === 1 ? 'it' : 'them'} out.`]
      : [`pmgup ${command} takes one ${operand}, got ${positionals.length}: ${quoted}`, `Give one ${operand}.`];

  throw new UserError(title, `${remedy} Run pmgup help ${command} for its usage.`, { exitCode: USAGE_ERROR_STATUS });
}

function parseParallelism(command: CommandName, text: string | undefined): number {
  if (text === undefined) {
    return defaultParallelism(command);
  }
  const value = /^[0-9]{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isInteger(value) && value >= 1 && value <= MAX_PARALLELISM) {
    return value;
  }

  throw new UserError(
    `Invalid arguments for pmgup ${command}`,
    `--parallelism ${JSON.stringify(text)} is not a whole number from 1 to ${MAX_PARALLELISM}.\n` +
      `It sets how many hosts pmgup probes, and applies to, at once (default ${defaultParallelism(command)} for ${command}); 1 works on one host at a time.`,
    { exitCode: USAGE_ERROR_STATUS },
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
  const remedy = `Run pmgup help ${command} for the options ${command} takes.`;
  const unknown = args.find((arg) => arg.startsWith('-') && !isKnownOption(arg));
  if ((error as NodeJS.ErrnoException).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || unknown === undefined) {
    return new UserError(`Invalid arguments for pmgup ${command}`, `${error.message}\n${remedy}`, {
      cause: error,
      exitCode: USAGE_ERROR_STATUS,
    });
  }

  const name = unknown.replace(/^-+/, '').replace(/=.*$/, '');
  const hint = didYouMean(name, Object.keys(OPTIONS), (match) => `--${match}`);

  return new UserError(
    `Invalid arguments for pmgup ${command}`,
    `pmgup ${command} has no option ${JSON.stringify(unknown)}.\n${hint}${remedy}`,
    { cause: error, exitCode: USAGE_ERROR_STATUS },
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

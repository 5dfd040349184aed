/**
 * Renders the global usage (`pmgup help`) and the help of one command
 * (`pmgup help plan`, `pmgup plan --help`) from the command and option
 * tables, so both always list the same options with the same text.
 */
import { COMMAND_HELP, COMMANDS, type CommandName } from './command-table.js';
import { OPTION_GROUPS, OPTION_NAMES, OPTIONS, type OptionGroup, type OptionName, type OptionSpec, type OptionUse } from './option-table.js';

/** Width the help text is wrapped to. */
const WIDTH = 100;

/** Column where the text of an option starts: after the longest option label. */
const TEXT_COLUMN = 2 + Math.max(...OPTION_NAMES.map((name) => optionLabel(name).length)) + 3;

const EXIT_STATUS = 'Exit status: 0 success, 1 error or a failed check, 2 changes present (with plan --detailed-exitcode).';

/** Returns the global usage: every command's usage lines and every option with the commands that take it. */
export function globalUsage(): string {
  const usage = COMMANDS.flatMap((command) => COMMAND_HELP[command].usage);
  const groups = groupNames().flatMap((group) => globalGroup(group));

  return [
    'pmgup: plan and apply the Proxmox Mail Gateway 7 to 8 upgrade',
    '',
    'Usage:',
    ...usage.map((line) => `  ${line}`),
    '',
    'DESIRED.toml defaults to the shipped plans/pmg-8.toml.',
    'Run pmgup help COMMAND, or pmgup COMMAND --help, for what a command does, its options and an example.',
    ...groups,
    '',
    EXIT_STATUS,
    '',
  ].join('\n');
}

/** Returns the help of one command: what it does, its usage lines, the options it takes and an example. */
export function commandHelp(command: CommandName): string {
  const help = COMMAND_HELP[command];
  const groups = groupNames().flatMap((group) => commandGroup(group, command));
  const notes = help.notes.length === 0 ? [] : ['', ...help.notes.flatMap((note) => wrap(note, WIDTH))];

  return [
    'Usage:',
    ...help.usage.map((line) => `  ${line}`),
    '',
    ...wrap(help.summary, WIDTH),
    ...groups,
    ...notes,
    '',
    'Example:',
    `  ${help.example}`,
    '',
  ].join('\n');
}

/** The usage of pmgup, as `pmgup help` prints it. */
export const USAGE = globalUsage();

function groupNames(): OptionGroup[] {
  return Object.keys(OPTION_GROUPS) as OptionGroup[];
}

function optionsIn(group: OptionGroup): OptionName[] {
  return OPTION_NAMES.filter((name) => OPTIONS[name].group === group);
}

// The heading names the commands that take the group's options when some
// options are taken by all of them, and each other option line names its own.
function globalGroup(group: OptionGroup): string[] {
  const names = optionsIn(group);
  const uses = names.flatMap((name) => usesOf(name));
  const commands = COMMANDS.filter((command) => uses.some((use) => use.commands.includes(command)));
  const shared = commands.length < COMMANDS.length && uses.some((use) => sameCommands(use.commands, commands));
  const heading = shared ? `${OPTION_GROUPS[group].title} (${commands.join(', ')})` : OPTION_GROUPS[group].title;
  const rows = names.flatMap((name) =>
    usesOf(name).flatMap((use, index) => {
      const prefix = sameCommands(use.commands, commands) ? '' : `${use.commands.join(', ')}: `;
      return optionRow(index === 0 ? optionLabel(name) : '', prefix + use.help);
    }),
  );

  return ['', `${heading}:`, ...groupNote(group), ...rows];
}

function commandGroup(group: OptionGroup, command: CommandName): string[] {
  const rows = optionsIn(group).flatMap((name) => {
    const use = usesOf(name).find((candidate) => candidate.commands.includes(command));
    return use === undefined ? [] : optionRow(optionLabel(name), use.help);
  });
  if (rows.length === 0) {
    return [];
  }

  return ['', `${OPTION_GROUPS[group].title}:`, ...groupNote(group), ...rows];
}

function groupNote(group: OptionGroup): string[] {
  const note = OPTION_GROUPS[group].note;

  return note === undefined ? [] : wrap(note, WIDTH - 2).map((line) => `  ${line}`);
}

function usesOf(name: OptionName): readonly OptionUse[] {
  return (OPTIONS[name] as OptionSpec).uses;
}

function sameCommands(a: readonly CommandName[], b: readonly CommandName[]): boolean {
  return a.length === b.length && a.every((command) => b.includes(command));
}

/** Returns how the help names an option: `--out FILE`, `-h, --help`. */
export function optionLabel(name: OptionName): string {
  const spec: OptionSpec = OPTIONS[name];
  const short = spec.short === undefined ? '' : `-${spec.short}, `;
  const value = spec.value === undefined ? '' : ` ${spec.value}`;

  return `${short}--${name}${value}`;
}

function optionRow(label: string, text: string): string[] {
  const lines = wrap(text, WIDTH - TEXT_COLUMN);
  const first = `  ${label}`.padEnd(TEXT_COLUMN);
  const rest = ' '.repeat(TEXT_COLUMN);

  return lines.map((line, index) => (index === 0 ? first : rest) + line);
}

/** Splits `text` at spaces into lines of at most `width` characters; a longer word keeps a line of its own. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);

  return lines;
}

/**
 * The single entry point of the command line: parses arguments, runs one
 * command and turns every outcome into an exit status. Commands return a
 * number; errors thrown anywhere end up in `reportError` here. Each command
 * module is imported only when it runs, so `--version` and `help` do not
 * load the schema validator, the plan core or the progress renderer.
 */
import { CommandError, InternalError, UserError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { escapeTerminal } from '../views/escape.js';
import { parseCommandLine, USAGE_ERROR_STATUS, type CommandName, type ParsedCommand } from './args.js';
import { commandHelp, USAGE } from './help.js';
import { processIO, type CliIO } from './io.js';

/** Runs pmgup with `argv` (without node and the script path) and returns the exit status. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  // Without a command there is nothing to run: the usage goes to stderr, as an argument error would.
  if (argv.length === 0) {
    io.stderr.write(USAGE);
    return USAGE_ERROR_STATUS;
  }

  try {
    const parsed = parseCommandLine(argv);

    return await dispatch(parsed, io);
  } catch (error) {
    return reportError(error, io);
  }
}

async function dispatch(parsed: ParsedCommand, io: CliIO): Promise<number> {
  if (parsed.options.help) {
    io.stdout.write(commandHelp(parsed.command));
    return 0;
  }

  switch (parsed.command) {
    case 'help':
      // parseCommandLine checked that the operand of help names a command.
      io.stdout.write(parsed.positionals[0] === undefined ? USAGE : commandHelp(parsed.positionals[0] as CommandName));
      return 0;
    case 'version':
      io.stdout.write(`pmgup ${TOOL_VERSION}\n`);
      return 0;
    case 'plan':
      return (await import('./commands/plan.js')).runPlan(parsed, io);
    case 'apply':
      return (await import('./commands/apply.js')).runApply(parsed, io);
    case 'probe':
      return (await import('./commands/probe.js')).runProbe(parsed, io);
    case 'show':
      return (await import('./commands/show.js')).runShow(parsed, io);
    case 'graph':
      return (await import('./commands/graph.js')).runGraph(parsed, io);
    case 'check':
      return (await import('./commands/check.js')).runCheck(parsed, io);
  }
}

/**
 * Prints an error as a title and a detail and returns its exit status.
 * Control characters are escaped, because details quote host output such
 * as a failed command's stderr.
 */
export function reportError(error: unknown, io: CliIO): number {
  const write = (text: string) => io.stderr.write(escapeTerminal(text));

  if (error instanceof UserError) {
    write(`Error: ${error.message}\n\n${indent(error.detail)}\n`);
    return error.exitCode;
  }
  if (error instanceof CommandError) {
    const tail = error.tail(15).join('\n');
    write(`Error: ${error.message}\n\n${indent(`exit status: ${error.exitCode ?? error.signal}\n${tail}`)}\n`);
    return 1;
  }

  // The stack repeats the whole message, so the title keeps its first line only.
  const summary = error instanceof InternalError ? `: ${error.message.split('\n')[0]!.replace(/\.$/, '')}` : '';
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  write(
    `Error: pmgup hit an internal error${summary}.\n\n` +
      '  This is a bug in pmgup, not a problem with your input or host. Please report it\n' +
      '  with the command you ran and the trace below (run again with PMGUP_LOG=debug for more).\n\n' +
      `${indent(stack)}\n`,
  );
  return 1;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '' : `  ${line}`))
    .join('\n');
}


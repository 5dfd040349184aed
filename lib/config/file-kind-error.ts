/**
 * The error for a file given where pmgup reads another kind of file: what
 * the file is, how pmgup knew, and the command that reads it that way. The
 * four loaders share it, so each pair of expected and actual kind reads alike.
 */
import { FileKindError, InputError, type InputFileKind } from '../errors.js';
import type { Recognition } from './file-kind.js';

/** A file a loader reads, with the kind it expects and the command that reads it. */
export interface FileUse {
  /** The path as given. */
  path: string;
  expected: InputFileKind;
  /** The pmgup command that reads the file, such as `show`, which the fix names where it fits. */
  command?: string | undefined;
}

const NOUNS: Readonly<Record<InputFileKind, string>> = {
  'desired-state': 'a desired-state file',
  inventory: 'an inventory',
  facts: 'a facts file',
  plan: 'a saved plan',
};

/** Commands that take --facts. */
const FACTS_COMMANDS = ['plan', 'check', 'graph'];

/** Commands that take a desired-state file and --inventory. */
const TARGET_COMMANDS = ['plan', 'apply', 'check', 'graph'];

/**
 * Runs one stage of a loader, such as parsing or validating. When the stage
 * throws an InputError and `recognize` finds the file confidently of another
 * kind than `use.expected`, throws a FileKindError in its place. Any other
 * failure, and a file of the expected or of no recognized kind, keeps its error.
 */
export function withKindCheck<T>(
  use: FileUse,
  recognize: () => Recognition | undefined,
  stage: () => T,
): T {
  try {
    return stage();
  } catch (error) {
    if (!(error instanceof InputError)) {
      throw error;
    }

    const found = recognize();
    if (found === undefined || found.kind === use.expected) {
      throw error;
    }
    throw fileKindError(use, found);
  }
}

/** Returns the error for a file of kind `found.kind` given where `use.expected` is read. */
export function fileKindError(use: FileUse, found: Recognition): FileKindError {
  return new FileKindError({
    path: use.path,
    expected: use.expected,
    found: found.kind,
    title: `${use.path} is ${NOUNS[found.kind]}, not ${NOUNS[use.expected]}`,
    detail: `${found.evidence}\n${remedy(found.kind, use)}`,
  });
}

function remedy(found: InputFileKind, use: FileUse): string {
  const path = shellWord(use.path);
  switch (found) {
    case 'facts':
      if (use.command === 'apply') {
        return (
          'pmgup apply needs a live host, so it does not take recorded facts.\n' +
          `See the plan they give with: pmgup plan --facts ${path}`
        );
      }

      return `Give it with --facts: pmgup ${commandOr(use, FACTS_COMMANDS)} --facts ${path}`;
    case 'inventory':
      return `Give it with --inventory: pmgup ${commandOr(use, TARGET_COMMANDS)} --inventory ${path}`;
    case 'desired-state':
      return `Give it as the first argument, before the target: pmgup ${commandOr(use, TARGET_COMMANDS)} ${path} --host HOST`;
    case 'plan':
      return planRemedy(use);
  }
}

/**
 * Names the commands that read a saved plan. apply and graph read a file
 * whose name ends in `.toml` as a desired state, so such a plan needs
 * another name first.
 */
function planRemedy(use: FileUse): string {
  const renamed = use.path.endsWith('.toml') ? `${use.path.slice(0, -'.toml'.length)}.json` : use.path;
  const rename =
    renamed === use.path
      ? ''
      : `Rename it to ${renamed}, because apply and graph read a file named *.toml as a desired state.\n`;
  const path = shellWord(renamed);
  if (use.command === 'apply' || use.command === 'graph') {
    return `${rename}Give it as the only argument: pmgup ${use.command} ${path}`;
  }

  return `${rename}Show it with: pmgup show ${path}\nApply it with: pmgup apply ${path}`;
}

/** Returns the command that read the file when it is one of `commands`, else `plan`. */
function commandOr(use: FileUse, commands: readonly string[]): string {
  return use.command !== undefined && commands.includes(use.command) ? use.command : 'plan';
}

/** Quotes a path for a POSIX shell when it contains anything but common path characters. */
function shellWord(path: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

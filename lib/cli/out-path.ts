/**
 * Rejects an `--out` file that is also a file the command reads, so that
 * `pmgup plan --facts F --out F` cannot replace the facts with the plan.
 * The check runs before any host is contacted and before anything is written.
 */
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

import { UserError } from '../errors.js';
import type { CliOptions } from './args.js';

/** A file a command reads, and how the command line named it. */
export interface CommandInput {
  /** The role of the file in the error, such as "the --facts file". */
  role: string;
  path: string;
}

/** The file a path leads to: its real path and, when the file exists, its device and inode. */
interface Location {
  real: string;
  identity?: { dev: bigint; ino: bigint };
}

/**
 * Lists the files that `options` make a command read: `desiredState` (the
 * desired-state file, when the command reads one), every --facts file, the
 * --inventory file and the ssh files.
 * NOTE: a file named inside --ssh-option (such as IdentityFile=) is not listed.
 */
export function commandInputs(options: CliOptions, desiredState?: string): CommandInput[] {
  const named: [string, string | undefined][] = [
    ['the desired-state file', desiredState],
    ...options.facts.map((file): [string, string] => ['the --facts file', file]),
    ['the --inventory file', options.inventory],
    ['the --ssh-config file', options.sshConfig],
    ['the --identity-file key', options.identityFile],
    ['the --known-hosts file', options.knownHosts],
  ];

  return named.flatMap(([role, path]) => (path === undefined ? [] : [{ role, path }]));
}

/**
 * Throws UserError when `out` leads to the same file as one of `inputs`:
 * the same real path (symlinks in the path followed) or, for files that
 * exist, the same device and inode (a hard link). `saves` names what the
 * command writes, such as "the plan".
 */
export async function rejectOutOverInput(out: string | undefined, inputs: readonly CommandInput[], saves: string): Promise<void> {
  if (out === undefined) {
    return;
  }

  const target = await locate(out);
  for (const input of inputs) {
    const source = await locate(input.path);
    if (sameFile(target, source)) {
      throw new UserError(
        `--out ${out} is ${input.role} of this command`,
        `--out ${out} and ${input.role} ${input.path} are the same file (${source.real}), so saving ${saves} there ` +
          `would replace what the command reads.\nChoose another file for --out.`,
      );
    }
  }
}

function sameFile(a: Location, b: Location): boolean {
  if (a.real === b.real) {
    return true;
  }

  return a.identity !== undefined && b.identity !== undefined && a.identity.dev === b.identity.dev && a.identity.ino === b.identity.ino;
}

// A file that does not exist yet has no real path of its own, so the real
// path of its folder is used, and failing that the absolute path.
async function locate(path: string): Promise<Location> {
  try {
    const real = await realpath(path);
    const info = await stat(real, { bigint: true });

    return { real, identity: { dev: info.dev, ino: info.ino } };
  } catch {
    try {
      return { real: join(await realpath(dirname(resolve(path))), basename(path)) };
    } catch {
      return { real: resolve(path) };
    }
  }
}

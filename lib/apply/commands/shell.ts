/**
 * Pieces every step script shares: the strict shell preamble, the
 * non-interactive environment for package operations, apt-get and dpkg
 * options, and the exit statuses of the live-state guards. Scripts run as
 * root through the host's /bin/sh (dash on Debian), so they use POSIX
 * shell only.
 */
import { shellJoin, shellQuote } from '../../transport/quote.js';

/** Paths of pmgup's state on the host: lock, journal and the logs of detached steps. */
export const STATE_DIR = '/var/lib/pmgup';
export const LOG_DIR = `${STATE_DIR}/logs`;
export const JOURNAL_PATH = `${STATE_DIR}/journal.jsonl`;
export const LOCK_PATH = `${STATE_DIR}/lock`;

/**
 * Exit statuses of the guards that re-check a precondition on the live
 * host. They lie outside the ranges apt-get (100), dpkg (1, 2) and the
 * shell (126, 127, 128+N) use, so a guard refusal is never mistaken for a
 * failed command. Each guard also prints one `pmgup: ...` line to stderr.
 */
export const GUARD_STATUS = {
  clusterNotEmpty: 71,
  clusterMissing: 72,
  targetClusterExists: 73,
  databaseMissing: 74,
  databaseNotServed: 75,
  fileChanged: 76,
  conffileNeedsDecision: 77,
  sshdConfigInvalid: 78,
  aptUpdateFailed: 79,
  unitMissing: 80,
} as const;

export type GuardName = keyof typeof GUARD_STATUS;

/** Returns the guard that exits with `status`, or null for any other status. */
export function guardForStatus(status: number | null): GuardName | null {
  const entry = Object.entries(GUARD_STATUS).find(([, value]) => value === status);

  return entry ? (entry[0] as GuardName) : null;
}

/**
 * Variables that keep package operations from asking anything: debconf,
 * apt-listchanges and apt-listbugs stay silent, no pager opens, and
 * messages are in a locale every Debian system has.
 */
export const NONINTERACTIVE_ENV: Readonly<Record<string, string>> = {
  DEBIAN_FRONTEND: 'noninteractive',
  APT_LISTCHANGES_FRONTEND: 'none',
  APT_LISTBUGS_FRONTEND: 'none',
  PAGER: 'cat',
  LC_ALL: 'C.UTF-8',
  LANG: 'C.UTF-8',
};

/** How dpkg and ucf resolve a changed configuration file during a package operation. */
export type ConffilePolicy = 'keep' | 'maintainer';

/** Returns the lines that start every script: strict mode and the exported environment. */
export function preamble(policy: ConffilePolicy = 'keep'): string[] {
  const variables = { ...NONINTERACTIVE_ENV, ...ucfVariables(policy) };
  const assignments = Object.entries(variables).map(([name, value]) => `${name}=${shellQuote(value)}`);

  return ['set -eu', `export ${assignments.join(' ')}`];
}

function ucfVariables(policy: ConffilePolicy): Record<string, string> {
  return policy === 'keep' ? { UCF_FORCE_CONFFOLD: '1' } : { UCF_FORCE_CONFFNEW: '1' };
}

/**
 * Options for every apt-get call. `--force-confdef` takes dpkg's default
 * where one exists; `--force-confold` or `--force-confnew` decides the rest.
 * The lock timeout waits for another package manager (an unattended
 * upgrade) instead of failing at once.
 */
export function aptOptions(policy: ConffilePolicy = 'keep'): string[] {
  return [
    '-y',
    '-o',
    'APT::Get::Assume-Yes=true',
    '-o',
    'Dpkg::Options::=--force-confdef',
    '-o',
    `Dpkg::Options::=${policy === 'keep' ? '--force-confold' : '--force-confnew'}`,
    '-o',
    'Dpkg::Use-Pty=0',
    '-o',
    'DPkg::Lock::Timeout=600',
    '-o',
    'APT::Color=0',
  ];
}

/** Returns one apt-get command line with the controlled options, reading nothing from stdin. */
export function aptGet(args: readonly string[], policy: ConffilePolicy = 'keep'): string {
  return `apt-get ${aptOptionWords(policy)} ${shellJoin(args)} </dev/null`;
}

/**
 * Returns the options as shell words. They are pmgup's own constants with
 * no character the shell treats specially, so they stay unquoted and the
 * scripts read like the commands an operator would type.
 */
export function aptOptionWords(policy: ConffilePolicy = 'keep'): string {
  return aptOptions(policy).join(' ');
}

/** Returns the lines of a guard that prints `message` to stderr and exits with the guard's status. */
export function refuse(guard: GuardName, message: string): string {
  return `{ echo ${shellQuote(`pmgup: ${message}`)} >&2; exit ${GUARD_STATUS[guard]}; }`;
}

/**
 * Returns a guard that prints a message built from a printf format and
 * shell expressions (such as `"$port"`) and exits with the guard's status.
 * The format is pmgup's own text; the expressions are expanded by the shell.
 */
export function refuseFormat(guard: GuardName, format: string, ...expressions: string[]): string {
  const args = expressions.length === 0 ? '' : ` ${expressions.join(' ')}`;

  return `{ printf ${shellQuote(`pmgup: ${format}\\n`)}${args} >&2; exit ${GUARD_STATUS[guard]}; }`;
}

/**
 * Lines that finish an interrupted dpkg run before apt-get starts, because
 * apt-get refuses to work while /var/lib/dpkg/updates contains files (after a
 * crash or a reboot in the middle of an upgrade).
 */
export function finishInterruptedDpkg(policy: ConffilePolicy = 'keep'): string[] {
  const force = policy === 'keep' ? '--force-confold' : '--force-confnew';

  return [
    'if [ -n "$(ls -A /var/lib/dpkg/updates 2>/dev/null)" ]; then',
    `  dpkg --force-confdef ${force} --configure -a </dev/null`,
    'fi',
  ];
}

/** Joins script lines with newlines and ends the script with one. */
export function script(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}

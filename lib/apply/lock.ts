/**
 * The apply lock on a host: the file `/var/lib/pmgup/lock` (mode 0600 in a
 * 0700 directory) holding `{pid, holder, since, planId}`. It is created
 * with `ln` from a complete temp file, which fails when the lock exists,
 * so two applies can never both hold it and nobody reads a half-written
 * lock. Release removes it only while it still holds this apply's content.
 */
import { UserError } from '../errors.js';
import { shellQuote } from '../transport/quote.js';
import type { Transport } from '../transport/types.js';
import { LOCK_PATH, STATE_DIR } from './commands/shell.js';

/** What the lock file holds. */
export interface LockOwner {
  /** Process id of the pmgup apply on the machine it runs on. */
  pid: number;
  /** `user@client-hostname` of that apply. */
  holder: string;
  /** ISO 8601 time the lock was taken. */
  since: string;
  planId: string;
}

const ACQUIRED = 'pmgup-lock acquired';
const HELD = 'pmgup-lock held';

/** Returns the lock file's content for an owner: one JSON line. */
export function lockContent(owner: LockOwner): string {
  const { pid, holder, since, planId } = owner;

  return JSON.stringify({ pid, holder, since, planId });
}

/** Returns the script that takes the lock, printing `acquired`, or `held` and the current lock. */
export function acquireLockScript(owner: LockOwner): string {
  return [
    'set -eu',
    'umask 077',
    `install -d -m 0700 ${STATE_DIR}`,
    `tmp=$(mktemp ${STATE_DIR}/.lock.XXXXXX)`,
    `printf '%s\\n' ${shellQuote(lockContent(owner))} > "$tmp"`,
    `if ln -- "$tmp" ${LOCK_PATH} 2>/dev/null; then`,
    '  rm -f -- "$tmp"',
    `  echo '${ACQUIRED}'`,
    'else',
    '  rm -f -- "$tmp"',
    `  echo '${HELD}'`,
    `  cat -- ${LOCK_PATH} 2>/dev/null || true`,
    'fi',
  ].join('\n');
}

/** Returns the script that removes the lock only while it holds exactly `content`. */
export function releaseLockScript(content: string): string {
  return [
    'set -eu',
    `if [ -f ${LOCK_PATH} ] && [ "$(cat -- ${LOCK_PATH})" = ${shellQuote(content)} ]; then`,
    `  rm -f -- ${LOCK_PATH}`,
    'fi',
  ].join('\n');
}

/** Returns the script that prints the lock, if any, and removes it. */
export function forceUnlockScript(): string {
  return [`if [ -f ${LOCK_PATH} ]; then`, `  cat -- ${LOCK_PATH}`, `  rm -f -- ${LOCK_PATH}`, 'fi'].join('\n');
}

/** Parses lock content; null when it is not a lock pmgup wrote (empty, cut short, edited). */
export function parseLockOwner(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text.trim()) as Partial<LockOwner>;
    if (
      typeof value.pid === 'number' &&
      typeof value.holder === 'string' &&
      typeof value.since === 'string' &&
      typeof value.planId === 'string'
    ) {
      return { pid: value.pid, holder: value.holder, since: value.since, planId: value.planId };
    }
  } catch {
    // Not JSON: reported as an unreadable lock.
  }

  return null;
}

/** Another apply holds the lock on the host. */
export class LockHeldError extends UserError {
  override name = 'LockHeldError';
  readonly host: string;
  readonly owner: LockOwner | null;

  constructor(host: string, owner: LockOwner | null, raw: string) {
    const who =
      owner === null
        ? `The lock file ${LOCK_PATH} exists but cannot be read as a pmgup lock: ${JSON.stringify(raw.trim())}.`
        : `${owner.holder} (pid ${owner.pid}) holds it since ${owner.since}, applying plan ${owner.planId}.`;
    super(
      `Another pmgup apply holds the lock on ${host}`,
      `${who}\nTwo applies at once would run package operations over each other, so this one stops before changing anything.\n` +
        `Wait for that apply to finish. If it no longer runs (its machine crashed or the process was killed), ` +
        `remove the lock with: pmgup apply --force-unlock --host ${host}`,
    );
    this.host = host;
    this.owner = owner;
  }
}

/** The outcome of one attempt to take the lock. */
export type LockAttempt = { acquired: true } | { acquired: false; owner: LockOwner | null; raw: string };

/** Tries once to take the lock. */
export async function tryLock(transport: Transport, owner: LockOwner): Promise<LockAttempt> {
  const result = await transport.run(acquireLockScript(owner));
  const [first = '', ...rest] = result.stdout.split('\n');
  if (first.trim() === ACQUIRED) {
    return { acquired: true };
  }

  const raw = rest.join('\n');

  return { acquired: false, owner: parseLockOwner(raw), raw };
}

/**
 * Removes the lock on the host whoever holds it, and returns what it held
 * (null when there was no lock). For an operator who knows the apply that
 * held it no longer runs; the CLI offers it as `--force-unlock`.
 */
export async function forceUnlock(transport: Transport): Promise<{ owner: LockOwner | null; raw: string } | null> {
  const result = await transport.run(forceUnlockScript());
  if (result.stdout.trim() === '') {
    return null;
  }

  return { owner: parseLockOwner(result.stdout), raw: result.stdout.trim() };
}

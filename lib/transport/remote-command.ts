/**
 * Builds the one command line that ssh sends to the host, and reads back
 * the script's exit status from it.
 *
 * ssh exits with status 255 both when the connection fails and when the
 * remote command exits 255, and a multiplexed session whose shared
 * connection drops exits 255 without printing anything. So the command
 * line prints the script's exit status to stderr after the script ends,
 * behind a random marker that the script cannot guess. A status read back
 * means the script ran to its end; no status means the connection failed
 * or dropped before that.
 */
import { randomBytes } from 'node:crypto';

import { FIXED_VARIABLES } from './env.js';
import { shellQuote } from './quote.js';

/** Seconds between the remote `timeout`'s SIGTERM and its SIGKILL. */
const REMOTE_KILL_AFTER_SECONDS = 5;

export interface RemoteCommand {
  /** The command line for ssh; the remote user's login shell parses it once. */
  line: string;
  /** The marker in front of the exit status on stderr. */
  marker: string;
}

/**
 * Wraps a script into `env -i VARS [timeout ...] /bin/sh -c SCRIPT` followed
 * by the status report. `env -i` drops every variable that the ssh session
 * brought (LANG and LC_* that the client forwards with SendEnv among them).
 * HOME is the remote user's own (`"$HOME"` as the login shell expands it).
 * With `timeoutMs`, coreutils `timeout` ends the script's process group on
 * the host too, instead of leaving it running after the local ssh is killed.
 *
 * NOTE: the login shell of the remote user must be a POSIX shell (sh, bash,
 * dash, zsh), because the status report uses `$?` and `exit`.
 */
export function buildRemoteCommand(script: string, timeoutMs?: number): RemoteCommand {
  const marker = `pmgup-exit-status-${randomBytes(8).toString('hex')}`;
  const assignments = Object.entries(FIXED_VARIABLES).map(([name, value]) => `${name}=${shellQuote(value)}`);
  const limit =
    timeoutMs === undefined
      ? []
      : ['timeout', `--kill-after=${REMOTE_KILL_AFTER_SECONDS}`, (timeoutMs / 1000).toFixed(3)];
  const run = ['env', '-i', ...assignments, 'HOME="$HOME"', ...limit, '/bin/sh', '-c', shellQuote(script)];

  const line = `${run.join(' ')}; s=$?; printf '\\n${marker}=%s\\n' "$s" >&2; exit "$s"`;
  return { line, marker };
}

/**
 * Removes the status report from stderr and returns the script's exit
 * status, or null when the report is missing (the script did not run to its
 * end, or the connection dropped). ssh's own messages may follow the report,
 * for example with LogLevel=DEBUG in the operator's options, and are kept.
 */
export function takeExitStatus(stderr: string, marker: string): { stderr: string; status: number | null } {
  const report = new RegExp(`\\n${marker}=(\\d+)\\n`, 'g');
  const last = [...stderr.matchAll(report)].at(-1);
  if (last === undefined) {
    return { stderr, status: null };
  }

  const before = stderr.slice(0, last.index);
  const after = stderr.slice(last.index! + last[0].length);
  return { stderr: before + after, status: Number(last[1]) };
}

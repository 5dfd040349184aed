/**
 * Reads the settings the ssh client will use for a host (`ssh -G`), so that
 * pmgup names the real user, address and port in targets and messages
 * without parsing any ssh config itself. `ssh -G` evaluates the config and
 * command-line options but does not connect.
 */
import { UserError } from '../errors.js';
import { runProcess } from './process.js';

/** The effective settings pmgup shows and records. */
export interface EffectiveSshSettings {
  user: string;
  /** HostName after the config is applied: an address or a DNS name. */
  hostname: string;
  port: number;
}

const RESOLVE_TIMEOUT_MS = 10_000;

/**
 * Runs `ssh OPTIONS -G -- HOST` and resolves with the effective user, host
 * name and port. Rejects with a UserError when ssh rejects its config or
 * options, cannot be started, or does not finish within 10 s (a `Match exec`
 * in the config can hang).
 */
export async function readEffectiveSettings(sshOptions: readonly string[], host: string): Promise<EffectiveSshSettings> {
  const outcome = await runProcess({
    file: 'ssh',
    args: [...sshOptions, '-G', '--', host],
    env: process.env,
    timeoutMs: RESOLVE_TIMEOUT_MS,
  });

  if (outcome.spawnError) {
    throw new UserError(
      'Cannot run ssh',
      `Starting the OpenSSH client \`ssh\` from PATH failed: ${outcome.spawnError.message}. ` +
        'Install openssh-client (apt-get install openssh-client) or fix PATH.',
      { cause: outcome.spawnError },
    );
  }
  if (outcome.timedOut) {
    throw new UserError(
      'Reading the ssh settings timed out',
      `\`ssh -G\` did not print the settings for ${JSON.stringify(host)} within ${RESOLVE_TIMEOUT_MS / 1000} s.\n` +
        'Look in the ssh config file for a Match exec command that waits, and try ssh -G HOST by hand.',
    );
  }
  if (outcome.exitCode !== 0) {
    throw new UserError(
      'Invalid ssh settings',
      `ssh rejected its settings for ${JSON.stringify(host)}:\n  ${outcome.stderr.trim()}\n` +
        'Fix the ssh config file or the ssh options this message names.',
    );
  }

  return parseEffectiveSettings(outcome.stdout, host);
}

/** Parses the `keyword value` lines that `ssh -G` prints. */
export function parseEffectiveSettings(output: string, host: string): EffectiveSshSettings {
  const values = new Map<string, string>();
  for (const line of output.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0 && !values.has(line.slice(0, space))) {
      values.set(line.slice(0, space), line.slice(space + 1).trim());
    }
  }

  const port = Number(values.get('port'));
  return {
    user: values.get('user') ?? 'root',
    hostname: values.get('hostname') ?? host,
    port: Number.isInteger(port) && port > 0 ? port : 22,
  };
}

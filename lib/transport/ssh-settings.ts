/**
 * Reads the settings the ssh client will use for a host (`ssh -G`), so that
 * pmgup names the real user, address and port in targets and messages
 * without parsing any ssh config itself. `ssh -G` evaluates the config and
 * command-line options but does not connect.
 */
import { spawnSync } from 'node:child_process';

import { UserError } from '../errors.js';

/** The effective settings pmgup shows and records. */
export interface EffectiveSshSettings {
  user: string;
  /** HostName after the config is applied: an address or a DNS name. */
  hostname: string;
  port: number;
}

const RESOLVE_TIMEOUT_MS = 10_000;

/**
 * Runs `ssh OPTIONS -G -- HOST` and returns the effective user, host name and
 * port. Throws a UserError when ssh rejects its config or options, or cannot
 * be started.
 */
export function readEffectiveSettings(sshOptions: readonly string[], host: string): EffectiveSshSettings {
  const result = spawnSync('ssh', [...sshOptions, '-G', '--', host], {
    encoding: 'utf8',
    timeout: RESOLVE_TIMEOUT_MS,
  });

  if (result.error) {
    throw new UserError(
      'Cannot run ssh',
      `Starting the OpenSSH client \`ssh\` from PATH failed: ${result.error.message}. ` +
        'Install openssh-client (apt-get install openssh-client) or fix PATH.',
      { cause: result.error },
    );
  }
  if (result.status !== 0) {
    throw new UserError(
      'Invalid ssh settings',
      `ssh rejected its settings for ${JSON.stringify(host)}:\n  ${result.stderr.trim()}\n` +
        'Fix the ssh config file or the ssh options this message names.',
    );
  }

  return parseEffectiveSettings(result.stdout, host);
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

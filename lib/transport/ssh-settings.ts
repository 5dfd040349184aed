/**
 * Reads the settings the ssh client will use for a host (`ssh -G`), so that
 * pmgup names the real user, address and port in targets and messages
 * without parsing any ssh config itself. `ssh -G` evaluates the config and
 * command-line options but does not connect.
 */
import { UserError } from '../errors.js';
import { runProcess } from './process.js';
import { runSettingsBatch, type SettingsOutcome, type SettingsRequest } from './ssh-settings-batch.js';

/** The effective settings pmgup shows and records. */
export interface EffectiveSshSettings {
  user: string;
  /** HostName after the config is applied: an address or a DNS name. */
  hostname: string;
  port: number;
}

const RESOLVE_TIMEOUT_MS = 10_000;

interface Pending extends SettingsRequest {
  resolve: (settings: EffectiveSshSettings) => void;
  reject: (error: unknown) => void;
}

/** Requests made in the same turn of the event loop, read together. */
let queue: Pending[] = [];

/**
 * Runs `ssh OPTIONS -G -- HOST` and resolves with the effective user, host
 * name and port. Rejects with a UserError when ssh rejects its config or
 * options, cannot be started, or does not finish within 10 s (a `Match exec`
 * in the config can hang). Requests made in the same turn of the event
 * loop, as for the hosts of one command line, share one local process.
 */
export function readEffectiveSettings(sshOptions: readonly string[], host: string): Promise<EffectiveSshSettings> {
  return new Promise((resolve, reject) => {
    queue.push({ sshOptions, host, resolve, reject });
    if (queue.length === 1) {
      setImmediate(() => void flush());
    }
  });
}

async function flush(): Promise<void> {
  const batch = queue;
  queue = [];

  const outcomes = batch.length > 1 ? await runSettingsBatch(batch, RESOLVE_TIMEOUT_MS).catch(() => null) : null;
  await Promise.all(
    batch.map(async (pending, index) => {
      try {
        // 127 is the shell's "command not found": ssh -G itself exits 255 on errors.
        const batched = outcomes?.[index];
        const outcome = batched !== undefined && batched.exitCode !== 127 ? batched : await readOne(pending);
        pending.resolve(settingsFrom(outcome, pending.host));
      } catch (error) {
        pending.reject(error);
      }
    }),
  );
}

async function readOne(request: SettingsRequest): Promise<SettingsOutcome> {
  const outcome = await runProcess({
    file: 'ssh',
    args: [...request.sshOptions, '-G', '--', request.host],
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

  return { stdout: outcome.stdout, stderr: outcome.stderr, exitCode: outcome.timedOut ? null : (outcome.exitCode ?? 255) };
}

/** Returns the settings from one host's `ssh -G`, or throws the UserError for its failure. */
function settingsFrom(outcome: SettingsOutcome, host: string): EffectiveSshSettings {
  if (outcome.exitCode === null) {
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

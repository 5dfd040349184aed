/**
 * Builds the OpenSSH client's command line. OpenSSH keeps the first value
 * it obtains for each setting, and command-line options come before any
 * config file. So the order of the `-o` options below decides what the
 * operator can override. The forced settings come first, then the
 * operator's own options, then pmgup's defaults.
 */
import { UserError } from '../errors.js';
import type { HostSpec } from './parse-host.js';

/** Settings of an SshTransport; every field is optional. */
export interface SshTransportOptions {
  /** ssh config file passed as `-F FILE` to every ssh call, replacing ~/.ssh/config and /etc/ssh/ssh_config. */
  sshConfigFile?: string;
  /**
   * Extra `-o` options (`Key=Value`), such as `StrictHostKeyChecking=accept-new`,
   * the only way host key checking is relaxed. Options that pmgup must
   * control (see FORCED_KEYS) are rejected.
   */
  sshOptions?: readonly string[];
  /** Private key passed as `-i FILE`, in addition to the keys from the agent and the ssh config. */
  identityFile?: string;
  /** known_hosts file passed as UserKnownHostsFile. */
  knownHostsFile?: string;
  /** Seconds to wait for the TCP connection and the SSH handshake; default 15. */
  connectTimeoutSeconds?: number;
  /** Seconds the shared connection stays open after the last command; default 60. */
  controlPersistSeconds?: number;
  /**
   * Whether the calls to the host share one connection through a control
   * socket (a ControlMaster process); default true. Without sharing, every
   * call opens its own connection and no master or `ssh -O exit` runs,
   * which is cheaper for a command that makes one call per host.
   */
  shareConnection?: boolean;
}

export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 15;
export const DEFAULT_CONTROL_PERSIST_SECONDS = 60;

// Settings whose values pmgup relies on: batch mode so that no prompt can
// hang a run, its own control socket, and a plain non-interactive session.
const FORCED_KEYS = [
  'BatchMode',
  'ControlMaster',
  'ControlPath',
  'ControlPersist',
  'ForkAfterAuthentication',
  'PermitLocalCommand',
  'RemoteCommand',
  'RequestTTY',
  'SessionType',
  'StdinNull',
];

/**
 * Returns the options shared by every ssh call to one host (run, -G and
 * -O exit), without the destination. `controlPath` is the socket path
 * pattern inside the transport's private directory, or null for a
 * connection of its own (ControlMaster=no and ControlPath=none, so that no
 * master from the operator's config is used either).
 */
export function buildSshOptions(spec: HostSpec, options: SshTransportOptions, controlPath: string | null): string[] {
  const persist = options.controlPersistSeconds ?? DEFAULT_CONTROL_PERSIST_SECONDS;
  const timeout = options.connectTimeoutSeconds ?? DEFAULT_CONNECT_TIMEOUT_SECONDS;
  const args: string[] = [];
  const set = (setting: string) => args.push('-o', setting);

  // -T: no terminal, -a: no agent forwarding, -x: no X11 forwarding.
  args.push('-T', '-a', '-x');
  set('BatchMode=yes');
  if (controlPath === null) {
    set('ControlMaster=no');
    set('ControlPath=none');
  } else {
    set('ControlMaster=auto');
    set(`ControlPath=${controlPath}`);
    set(`ControlPersist=${persist}`);
  }
  set('PermitLocalCommand=no');
  set('ClearAllForwardings=yes');

  if (options.sshConfigFile !== undefined) {
    args.push('-F', options.sshConfigFile);
  }
  if (options.identityFile !== undefined) {
    args.push('-i', options.identityFile);
  }
  if (options.knownHostsFile !== undefined) {
    set(`UserKnownHostsFile=${options.knownHostsFile}`);
  }
  for (const option of options.sshOptions ?? []) {
    set(option);
  }

  // Defaults the operator may override with sshOptions or the ssh config.
  // LogLevel=ERROR drops notices such as "Permanently added ... to the list
  // of known hosts" from stderr but keeps the host key warnings.
  set(`ConnectTimeout=${timeout}`);
  set('ServerAliveInterval=15');
  set('ServerAliveCountMax=4');
  set('LogLevel=ERROR');

  if (spec.user !== undefined) {
    args.push('-l', spec.user);
  }
  if (spec.port !== undefined) {
    args.push('-p', String(spec.port));
  }

  return args;
}

/** Checks the transport options before any ssh call; throws a UserError naming the value and the fix. */
export function validateSshTransportOptions(options: SshTransportOptions): void {
  for (const option of options.sshOptions ?? []) {
    validateSshOption(option);
  }
  checkPositiveInteger('connectTimeoutSeconds', options.connectTimeoutSeconds);
  checkPositiveInteger('controlPersistSeconds', options.controlPersistSeconds);
}

function validateSshOption(option: string): void {
  const match = /^\s*([A-Za-z]+)\s*(?:=|\s)\s*\S/.exec(option);
  if (!match) {
    throw new UserError(
      'Invalid ssh option',
      `${JSON.stringify(option)} is not an ssh option. Write it as Key=Value, ` +
        'for example StrictHostKeyChecking=accept-new (see man ssh_config for the keys).',
    );
  }

  const key = match[1]!;
  const forced = FORCED_KEYS.find((name) => name.toLowerCase() === key.toLowerCase());
  if (forced !== undefined) {
    throw new UserError(
      'Unsupported ssh option',
      `${JSON.stringify(option)} sets ${forced}, which pmgup controls itself: it always runs ssh ` +
        'in batch mode over its own shared connection without a terminal. Remove this option.',
    );
  }
}

function checkPositiveInteger(name: string, value: number | undefined): void {
  if (value === undefined || (Number.isInteger(value) && value > 0)) {
    return;
  }

  throw new UserError(
    'Invalid ssh setting',
    `${name} is ${value}, but it must be a whole number of seconds greater than 0.`,
  );
}

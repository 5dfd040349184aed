/**
 * Explains why an ssh call failed before the remote script ran to its end:
 * a host key problem, a rejected login, an unreachable host, or a dropped
 * connection. The kind is read from ssh's own messages on stderr, as
 * OpenSSH 9.2 prints them. A multiplexed session whose shared connection
 * drops prints nothing, so an unrecognized failure reads as a dropped
 * connection.
 */
import { ConnectionError } from '../errors.js';
import { shellQuote } from './quote.js';

/** Names for the remedies: the host as the user sees it and as ssh connects to it. */
export interface SshErrorContext {
  /** `user@host:port` as shown in messages. */
  display: string;
  /** Host name or address ssh connects to (HostName from the ssh config). */
  hostname: string;
  port: number;
  user: string;
  connectTimeoutSeconds: number;
  knownHostsFile?: string;
}

interface FailureKind {
  matches: RegExp;
  explain: (stderr: string, context: SshErrorContext) => string;
}

// Checked in order; the first match wins. A changed key must be checked
// before the generic host key failure that ssh prints after it.
const FAILURE_KINDS: FailureKind[] = [
  { matches: /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/, explain: explainChangedKey },
  { matches: /Host key verification failed/, explain: explainUnknownKey },
  { matches: /Permission denied \(/, explain: explainPermissionDenied },
  { matches: /Connection refused/, explain: explainRefused },
  { matches: /Could not resolve hostname/, explain: explainUnresolved },
  { matches: /timed out|Operation timed out/, explain: explainTimeout },
  { matches: /No route to host|Network is unreachable/, explain: explainUnreachable },
  {
    matches:
      /Connection (closed|reset) by|closed by remote host|Broken pipe|kex_exchange_identification|client_loop:|mux_client_|Timeout, server .* not responding/,
    explain: explainDropped,
  },
  {
    matches: /Bad configuration option|Can't open user config file|command-line line|Unsupported option|no argument after keyword/,
    explain: explainConfig,
  },
  { matches: /^ssh: /m, explain: explainOther },
];

/** Returns the ConnectionError that explains a failed ssh call. */
export function classifySshFailure(stderr: string, context: SshErrorContext): ConnectionError {
  const kind = FAILURE_KINDS.find((candidate) => candidate.matches.test(stderr));
  const explain = kind?.explain ?? explainDropped;

  return new ConnectionError(context.display, explain(stderr, context));
}

/** Returns the `[host]:port` or `host` form that known_hosts and ssh-keygen -R use. */
export function knownHostsName(hostname: string, port: number): string {
  return port === 22 ? hostname : `[${hostname}]:${port}`;
}

function explainChangedKey(stderr: string, context: SshErrorContext): string {
  const fingerprint = /key sent by the remote host is\s*\r?\n?\s*(\S+?)\.?\s*$/m.exec(stderr)?.[1];
  const keyType = /The fingerprint for the (\S+) key sent/.exec(stderr)?.[1] ?? 'host';
  const offending = /Offending \S+ key in (.+):(\d+)/.exec(stderr);
  const file = offending?.[1] ?? context.knownHostsFile;
  const remove = removeKeyCommand(context, file);

  return [
    `The ${keyType} host key of ${context.display} differs from the one in known_hosts` +
      (offending ? ` (${offending[1]} line ${offending[2]})` : '') +
      '. Either the host was reinstalled or its key replaced, or someone intercepts the connection.',
    `Fingerprint of the key the host sent: ${fingerprint ?? '(ssh printed none)'}`,
    'Compare it with the key on the host itself, through its console and not over this network ' +
      `(ssh-keygen -lf /etc/ssh/ssh_host_${keyType.toLowerCase()}_key.pub). Only if they match, remove the ` +
      `old key with \`${remove}\` and run pmgup again.`,
    quoteSsh(stderr),
  ].join('\n');
}

function explainUnknownKey(stderr: string, context: SshErrorContext): string {
  const file = context.knownHostsFile ?? '~/.ssh/known_hosts';
  const keyscanPort = context.port === 22 ? '' : `-p ${context.port} `;

  return [
    `The host key of ${context.display} is not in ${file}, and ssh runs in batch mode, so it cannot ask ` +
      'whether to trust it.',
    `Get the key's fingerprint on the host through its console (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), ` +
      `compare it with \`ssh-keyscan ${keyscanPort}${context.hostname} | ssh-keygen -lf -\`, and if they match ` +
      `add the key with \`ssh-keyscan ${keyscanPort}${context.hostname} >> ${file}\` or by connecting once with ` +
      `ssh by hand. To trust a new host's key on first use instead, pass the ssh option ` +
      'StrictHostKeyChecking=accept-new.',
    quoteSsh(stderr),
  ].join('\n');
}

function explainPermissionDenied(stderr: string, context: SshErrorContext): string {
  return [
    `${context.display} rejected every key that ssh offered for the user "${context.user}".`,
    `Check that your public key is in ~${context.user}/.ssh/authorized_keys on the host and that ssh-agent ` +
      'holds the key or the IdentityFile setting names it. pmgup runs ssh in batch mode, so password and ' +
      'passphrase prompts are not available.',
    quoteSsh(stderr),
  ].join('\n');
}

function explainRefused(stderr: string, context: SshErrorContext): string {
  return [
    `Nothing accepts connections on port ${context.port} of ${context.hostname}.`,
    'Check that sshd runs on the host and that the port is right (the Port setting of your ssh config or ' +
      ':PORT in the host value).',
    quoteSsh(stderr),
  ].join('\n');
}

function explainUnresolved(stderr: string, context: SshErrorContext): string {
  return [
    `The host name ${context.hostname} could not be resolved.`,
    'Check the spelling, your DNS, or add a Host entry with a HostName to your ssh config.',
    quoteSsh(stderr),
  ].join('\n');
}

function explainTimeout(stderr: string, context: SshErrorContext): string {
  return [
    `${context.hostname} port ${context.port} did not answer within ${context.connectTimeoutSeconds} seconds.`,
    'Check that the host is up and that no firewall drops the connection. For a slow link, raise the ' +
      'connect timeout.',
    quoteSsh(stderr),
  ].join('\n');
}

function explainUnreachable(stderr: string, context: SshErrorContext): string {
  return [
    `No network route leads to ${context.hostname}.`,
    'Check the address, the network configuration of this machine, and any VPN or jump host you need.',
    quoteSsh(stderr),
  ].join('\n');
}

function explainDropped(stderr: string, context: SshErrorContext): string {
  return [
    `The connection to ${context.display} closed before the command finished, so it may or may not have run.`,
    'Check that the host is up and reachable, then run pmgup again: plan and apply probe the host again ' +
      'and continue from the state they find.',
    quoteSsh(stderr),
  ].join('\n');
}

function explainConfig(stderr: string, context: SshErrorContext): string {
  return [
    `ssh rejected its settings for ${context.display} before connecting.`,
    'Fix the ssh config file or the ssh options that the message below names.',
    quoteSsh(stderr),
  ].join('\n');
}

function explainOther(stderr: string, context: SshErrorContext): string {
  return [
    `ssh failed to run a command on ${context.display}.`,
    `Run \`ssh -v -p ${context.port} ${context.user}@${context.hostname} true\` by hand to see why, and fix that first.`,
    quoteSsh(stderr),
  ].join('\n');
}

function removeKeyCommand(context: SshErrorContext, file: string | undefined): string {
  const fileOption = file !== undefined ? `-f ${shellQuote(file)} ` : '';

  return `ssh-keygen ${fileOption}-R ${shellQuote(knownHostsName(context.hostname, context.port))}`;
}

// The last lines of ssh's own output, indented, so the operator sees the
// original message next to pmgup's explanation.
function quoteSsh(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line !== '' && !/^@+$/.test(line))
    .slice(-6);

  if (lines.length === 0) {
    return 'ssh printed no error message.';
  }

  return ['ssh reported:', ...lines.map((line) => `  ${line}`)].join('\n');
}

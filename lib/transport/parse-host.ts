/**
 * Parses and validates host values given on the command line (`--host`)
 * or in an inventory: `[user@]host[:port]`, with an IPv6 address in
 * brackets when a port follows (`root@[2001:db8::5]:22`). A bare IPv6
 * address without brackets is read as an address with no port. The host
 * may be an ssh config alias; user and port left out are decided by the
 * ssh client and its config.
 */
import { isIP, isIPv6 } from 'node:net';

import { UserError } from '../errors.js';

export interface HostSpec {
  /** Login name, or undefined to let the ssh config decide. */
  user?: string;
  /** Host name, ssh config alias, IPv4 address, or IPv6 address without brackets. */
  host: string;
  /** TCP port, or undefined to let the ssh config decide. */
  port?: number;
}

const USER_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}$/;
// Letters, digits, hyphens, underscores and dots, not starting with a
// hyphen (ssh would read it as an option) or a dot.
const HOST_PATTERN = /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?$/;
const MAX_HOST_LENGTH = 253;

/** Parses one host value; throws a UserError naming the value, its source and the accepted forms. */
export function parseHostSpec(value: string, source = '--host'): HostSpec {
  const reject = (reason: string) => {
    throw invalidHost(value, source, reason);
  };

  const at = value.lastIndexOf('@');
  const user = at === -1 ? undefined : value.slice(0, at);
  const rest = at === -1 ? value : value.slice(at + 1);
  if (user !== undefined && !USER_PATTERN.test(user)) {
    reject(`the user ${JSON.stringify(user)} is not a valid login name (letters, digits, "_", ".", "-", at most 32)`);
  }

  const { host, portText } = splitPort(rest, reject);
  checkHost(host, reject);
  const port = portText === undefined ? undefined : parsePort(portText, reject);

  return { ...(user !== undefined && { user }), host, ...(port !== undefined && { port }) };
}

/** Formats a spec back into `[user@]host[:port]`, with brackets around an IPv6 address that has a port. */
export function formatHostSpec(spec: HostSpec): string {
  const user = spec.user !== undefined ? `${spec.user}@` : '';
  if (spec.port === undefined) {
    return `${user}${spec.host}`;
  }

  const host = isIPv6(spec.host) ? `[${spec.host}]` : spec.host;
  return `${user}${host}:${spec.port}`;
}

function splitPort(rest: string, reject: (reason: string) => never) {
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1) {
      reject('the "[" before an IPv6 address has no closing "]"');
    }
    const after = rest.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) {
      reject(`"${after}" after the "]" is not a ":PORT"`);
    }
    const host = rest.slice(1, close);
    if (!isIPv6(host)) {
      reject(`"${host}" in brackets is not an IPv6 address`);
    }
    return { host, portText: after === '' ? undefined : after.slice(1) };
  }

  const colons = rest.split(':').length - 1;
  if (colons >= 2) {
    if (!isIPv6(rest)) {
      reject(`"${rest}" has several ":" but is not an IPv6 address; write an IPv6 address with a port as [ADDRESS]:PORT`);
    }
    return { host: rest, portText: undefined };
  }
  if (colons === 1) {
    const colon = rest.indexOf(':');
    return { host: rest.slice(0, colon), portText: rest.slice(colon + 1) };
  }

  return { host: rest, portText: undefined };
}

function checkHost(host: string, reject: (reason: string) => never): void {
  if (host === '') {
    reject('the host name is empty');
  }
  if (isIP(host) !== 0) {
    return;
  }
  if (host.length > MAX_HOST_LENGTH) {
    reject(`the host name is ${host.length} characters long, more than ${MAX_HOST_LENGTH}`);
  }
  if (!HOST_PATTERN.test(host) || host.includes('..')) {
    reject(
      `the host ${JSON.stringify(host)} is not a host name or address ` +
        '(letters, digits, "-", "_" and ".", not starting with "-" or ".")',
    );
  }
}

function parsePort(text: string, reject: (reason: string) => never): number {
  if (!/^\d{1,5}$/.test(text)) {
    reject(`the port ${JSON.stringify(text)} is not a number`);
  }
  const port = Number(text);
  if (port < 1 || port > 65535) {
    reject(`the port ${port} is outside 1-65535`);
  }

  return port;
}

function invalidHost(value: string, source: string, reason: string): UserError {
  return new UserError(
    'Invalid host',
    `${JSON.stringify(value)} from ${source} is not a valid host: ${reason}.\n` +
      'Use [user@]host[:port], or [user@][IPv6 address]:port for an IPv6 address with a port, ' +
      'for example root@gw1.example.org, root@192.0.2.10:2222 or root@[2001:db8::10]:22. ' +
      'The host may also be an alias from your ssh config.',
  );
}

/**
 * The host's name must resolve to exactly one address configured on this
 * host (pmg7to8 check 12), because PMG's cluster and its certificates use
 * it. Compares `network.hostnameAddresses` (what `getent ahosts` returned)
 * with the addresses on the host's interfaces that are up.
 */
import type { HostFacts, InterfaceFact } from '../../probe/facts.js';
import type { Check, Finding } from './context.js';
import { diagnostic } from './context.js';

const CODE = 'hostname-address';
const HOSTS_FIX =
  "Add a line `ADDRESS FQDN HOSTNAME` for the host's own address to /etc/hosts, or fix its DNS record.";

/** Reports whether the hostname resolves to one local, non-loopback address. */
export const checkHostname: Check = (facts, _desired, context) => {
  const hostname = facts.identity.hostname;

  return [
    diagnostic(context, { code: CODE, subject: `hostname ${hostname}`, ...hostnameFinding(facts) }),
  ];
};

function hostnameFinding(facts: HostFacts): Omit<Finding, 'code' | 'subject'> {
  const hostname = facts.identity.hostname;
  const resolved = [...new Set(facts.network.hostnameAddresses.map(normalize))];
  const candidates = resolved.filter((address) => !isLoopback(address));

  if (resolved.length === 0) {
    return {
      severity: 'warning',
      message: `${hostname} does not resolve to any address.`,
      fix: HOSTS_FIX,
    };
  }
  if (candidates.length === 0) {
    return {
      severity: 'warning',
      message: `${hostname} resolves only to loopback addresses (${resolved.join(', ')}).`,
      fix: HOSTS_FIX,
    };
  }

  // PMG takes the first non-loopback address, as getaddrinfo orders them.
  const address = candidates[0];
  const holders = facts.network.interfaces.filter(
    (entry) => entry.up && addressesOf(entry).includes(address),
  );
  if (holders.length === 0) {
    const down = facts.network.interfaces.filter(
      (entry) => !entry.up && addressesOf(entry).includes(address),
    );
    const where =
      down.length > 0
        ? `only on ${down.map((entry) => entry.name).join(', ')}, which is down`
        : 'on no interface of this host';
    return {
      severity: 'error',
      message: `${hostname} resolves to ${address}, which is ${where}.`,
      fix: HOSTS_FIX,
    };
  }
  if (holders.length > 1) {
    return {
      severity: 'warning',
      message: `${hostname} resolves to ${address}, which is configured on ${holders.length} interfaces (${holders.map((entry) => entry.name).join(', ')}).`,
      fix: 'Keep the address on one interface.',
    };
  }
  if (candidates.length > 1) {
    return {
      severity: 'warning',
      message: `${hostname} resolves to ${candidates.length} non-loopback addresses (${candidates.join(', ')}); PMG uses the first, ${address} on ${holders[0].name}.`,
      fix: 'Make the name resolve to the one address PMG should use.',
    };
  }

  return { severity: 'pass', message: `${hostname} resolves to ${address} on ${holders[0].name}.` };
}

function addressesOf(entry: InterfaceFact): string[] {
  return entry.addresses.map((cidr) => normalize(cidr.split('/')[0]));
}

function normalize(address: string): string {
  return address.split('%')[0].toLowerCase();
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1';
}

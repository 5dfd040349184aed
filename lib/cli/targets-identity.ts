/**
 * Checks that the gathered hosts are distinct machines with distinct plan
 * names. Examples of two targets that reach one machine are an ssh alias
 * next to its address, a `[[host]]` that is also a cluster member, and two
 * facts files of one host. Apply would run two upgrades on that machine at
 * once, so they are rejected before any plan is shown.
 */
import { UserError } from '../errors.js';
import type { HostWithFacts } from './targets.js';

/** Returns the origin of the host for messages: the option, inventory entry or cluster member. */
export function originOf(host: HostWithFacts): string {
  return host.origin ?? host.target;
}

/**
 * Throws a UserError when two hosts report the same machine id, naming
 * every such set of hosts with their origins, machine id and hostname.
 *
 * NOTE: an empty machine id (a host without /etc/machine-id) matches
 * nothing, so two targets of such a host are caught only by their names.
 */
export function assertDistinctMachines(hosts: readonly HostWithFacts[]): void {
  const byMachine = new Map<string, HostWithFacts[]>();
  for (const host of hosts) {
    const id = host.facts.identity.machineId;
    if (id !== '') {
      byMachine.set(id, [...(byMachine.get(id) ?? []), host]);
    }
  }

  const repeated = [...byMachine].filter(([, same]) => same.length > 1);
  if (repeated.length === 0) {
    return;
  }

  const lines = repeated.map(([id, same]) => {
    const hostnames = [...new Set(same.map((host) => host.facts.identity.hostname))].join(', ');
    const targets = same.map((host) => `  ${originOf(host)}, planned as ${host.name}`).join('\n');
    return `Machine id ${id} (hostname ${hostnames}) is reached by:\n${targets}`;
  });
  throw new UserError(
    repeated.length === 1 ? 'One machine is given twice' : `${repeated.length} machines are given twice`,
    `${lines.join('\n')}\n` +
      'Planning one machine twice would make apply run two upgrades on it at once.\n' +
      'Give each machine once: keep one of the targets listed for it and remove the others, then plan again.\n' +
      'A cluster member that --inventory finds is planned with its cluster, so do not give it again with --host or as a [[host]].\n' +
      'If these are distinct machines cloned from one image, they share the copied /etc/machine-id:\n' +
      'create a new one on the clone (rm /etc/machine-id && systemd-machine-id-setup) and probe again.',
  );
}

/**
 * Throws a UserError when two hosts have the same plan name. For hosts with
 * one name but different machine ids, the message explains how to plan both.
 */
export function assertUniqueNames(hosts: readonly HostWithFacts[]): void {
  const byName = new Map<string, HostWithFacts[]>();
  for (const host of hosts) {
    byName.set(host.name, [...(byName.get(host.name) ?? []), host]);
  }

  const repeated = [...byName].filter(([, same]) => same.length > 1);
  if (repeated.length === 0) {
    return;
  }

  const lines = repeated.map(([name, same]) => {
    const targets = same.map((host) => `  ${originOf(host)}, machine id ${host.facts.identity.machineId || '(none)'}`).join('\n');
    return `${name} is the name of:\n${targets}`;
  });
  throw new UserError('The same host is named twice', `${lines.join('\n')}\n${namingRemedy(repeated.map(([, same]) => same))}`);
}

// The machine ids of hosts that share a name differ, because
// assertDistinctMachines ran first, unless the ids are empty.
function namingRemedy(sets: HostWithFacts[][]): string {
  const unknown = sets.some((same) => same.some((host) => host.facts.identity.machineId === ''));
  const explanation = unknown
    ? 'pmgup cannot tell whether a host without a machine id is one machine given twice; if it is, give it once.\n' +
      'If they are different machines, they need different names, because every action id in a plan starts with the host name.\n'
    : 'These are different machines, because their machine ids differ, but every action id in a plan starts with the host name.\n';

  return (
    explanation +
    'pmgup names a --facts, --local or cluster member host after its hostname, and a --host or [[host]] after its address.\n' +
    'To plan them together, probe them live from an inventory that sets a different `name` for each [[host]],\n' +
    'or plan each one in a run of its own, such as pmgup plan --facts FILE for each facts file.'
  );
}

/**
 * Clusters of hand-built hosts for the fleet tests: two or three PMG 7.3
 * members whose cluster.conf names them all, moved along the procedure
 * with the setters of tests/support/facts.ts, and planned as one plan.
 */
import type { HostFacts } from '../../../lib/probe/facts.js';
import { assemblePlan } from '../../../lib/plan/assemble.js';
import { planFleet, type FleetGroup } from '../../../lib/plan/fleet.js';
import type { Plan } from '../../../lib/plan/model.js';
import { clone, fileFact, sha256, unit } from '../../support/facts.js';
import { NOW, desired } from './support.js';

/** Names of the members, master first. */
export const MEMBERS = ['pmg1', 'pmg2', 'pmg3'] as const;

/** cluster.conf of a cluster of the first `size` members: pmg1 is master, the others are nodes by cid. */
export function clusterConf(size: number): string {
  return MEMBERS.slice(0, size)
    .map((name, index) => {
      const header = index === 0 ? 'master: 1' : `node: ${index + 1}`;
      const maxcid = index === 0 ? [`\tmaxcid ${size}`] : [];
      return [header, `\tip 192.0.2.${11 + index}`, ...maxcid, `\tname ${name}`, ''].join('\n');
    })
    .join('\n');
}

/** Returns `facts` as member `name` of a cluster of `size`: its own hostname, machine id and address, daemons running unless masked. */
export function asMember(facts: HostFacts, name: string, size: number): HostFacts {
  const next = clone(facts);
  const index = MEMBERS.indexOf(name as (typeof MEMBERS)[number]);
  next.identity = { hostname: name, fqdn: `${name}.example.net`, machineId: `${index + 1}`.repeat(32) };
  next.target = `ssh:root@192.0.2.${11 + index}:22`;
  next.network.hostnameAddresses = [`192.0.2.${11 + index}`];
  next.network.interfaces = next.network.interfaces.map((item) =>
    item.name === 'eth0' ? { ...item, addresses: [`192.0.2.${11 + index}/24`] } : item,
  );
  next.pmg.clusterConf = fileFact('/etc/pmg/cluster.conf', clusterConf(size));
  for (const daemon of ['pmgmirror.service', 'pmgtunnel.service']) {
    if (next.units[daemon].loadState !== 'masked') {
      next.units[daemon] = unit('active');
    }
  }

  return next;
}

/** Returns a copy with the cluster daemons stopped and masked, as the cluster stop leaves them. */
export function withDaemonsHeld(facts: HostFacts): HostFacts {
  const next = clone(facts);
  for (const daemon of ['pmgmirror.service', 'pmgtunnel.service']) {
    next.units[daemon] = { loadState: 'masked', activeState: 'inactive', subState: 'dead', unitFileState: 'masked' };
  }

  return next;
}

/** Plans the members (facts in cluster.conf order) as one cluster, in `order` (default: as given), with absent members. */
export function planCluster(
  members: HostFacts[],
  order?: string[],
  unreachable: FleetGroup['unreachable'] = [],
  missing: FleetGroup['missing'] = [],
): Plan {
  const hosts = members.map((facts) => ({ name: facts.identity.hostname, target: facts.target, facts }));
  const names = order ?? hosts.map((host) => host.name);
  const fleet = planFleet({
    desired: desired(),
    hosts,
    groups: [{ kind: 'cluster', name: 'mx', hosts: names, unreachable, missing }],
    now: NOW,
  });

  return assemblePlan({
    hosts: fleet.results,
    groups: fleet.groups,
    diagnostics: fleet.diagnostics,
    desiredState: { relativeTo: 'pmgup', path: 'plans/pmg-8.toml', sha256: sha256('') },
    toolVersion: '0.1.0',
    createdAt: NOW,
  });
}

/** Returns the action ids of one host, in plan order. */
export function idsOf(plan: Plan, host: string): string[] {
  return plan.actions.filter((action) => action.host === host).map((action) => action.id);
}

/** Returns the ids an action depends on. */
export function dependenciesOf(plan: Plan, id: string): string[] {
  const action = plan.actions.find((item) => item.id === id);
  if (action === undefined) {
    throw new Error(`no action ${id} in the plan; planned: ${plan.actions.map((item) => item.id).join(', ')}`);
  }

  return action.dependsOn;
}

/** Returns every action id that `id` waits for, directly or through others. */
export function ancestorsOf(plan: Plan, id: string): Set<string> {
  const byId = new Map(plan.actions.map((action) => [action.id, action]));
  const seen = new Set<string>();
  const pending = [...(byId.get(id)?.dependsOn ?? [])];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (!seen.has(next)) {
      seen.add(next);
      pending.push(...(byId.get(next)?.dependsOn ?? []));
    }
  }

  return seen;
}

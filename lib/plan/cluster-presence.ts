/**
 * Checks whether every member of a cluster is in the plan. A member whose
 * probe failed and one that no recorded facts file gives are errors, and
 * one pass reports that all are there. Also the warning for a member planned
 * without its cluster. Pure: reads the group and the facts only.
 */
import type { HostFacts } from '../probe/facts.js';
import { membershipOf } from './cluster-members.js';
import type { Diagnostic } from './model.js';

/** A member whose probe failed. */
export interface UnreachableMember {
  name: string;
  address: string;
  /** The probe's error title and detail. */
  error: string;
}

/** A member that cluster.conf lists but that no recorded facts file of the plan gives. */
export interface MissingMember {
  name: string;
  /** The member's cluster.conf `ip`, or null when the section has none. */
  ip: string | null;
  /** The facts files whose cluster.conf lists the member. */
  listedIn: string[];
}

/** The part of a cluster that the presence checks read. */
export interface ClusterPresence {
  name: string;
  /** Names of the members the plan has facts of, in upgrade order. */
  present: string[];
  unreachable: UnreachableMember[];
  missing: MissingMember[];
}

const CONF = '/etc/pmg/cluster.conf';

/** Reports each absent member as an error on the first present member, or one pass when none is absent. */
export function checkPresence(cluster: ClusterPresence): Diagnostic[] {
  const reporter = cluster.present[0];
  if (reporter === undefined) {
    return [];
  }
  if (cluster.unreachable.length === 0 && cluster.missing.length === 0) {
    return [
      {
        host: reporter,
        code: 'cluster-members',
        severity: 'pass',
        subject: `cluster ${cluster.name}: members`,
        message: `pmgup has the facts of every member that ${CONF} lists: ${cluster.present.join(', ')}.`,
      },
    ];
  }

  return [
    ...cluster.unreachable.map((member) => unreachableMember(cluster.name, reporter, member)),
    ...cluster.missing.map((member) => missingMember(cluster.name, reporter, member)),
  ];
}

function unreachableMember(clusterName: string, reporter: string, member: UnreachableMember): Diagnostic {
  return {
    host: reporter,
    code: 'cluster-member-unreachable',
    severity: 'error',
    subject: `cluster ${clusterName}: ${member.name}`,
    message: `Member ${member.name} of cluster ${clusterName} could not be probed at ${member.address}: ${member.error}`,
    fix:
      `Make ${member.name} reachable over SSH, or set its address in the inventory under [cluster.nodes.${member.name}], then plan again. ` +
      'The procedure stops the cluster daemons on every member first, so no member is planned while one is out of reach.',
  };
}

function missingMember(clusterName: string, reporter: string, member: MissingMember): Diagnostic {
  const address = member.ip === null ? `ADDRESS-OF-${member.name}` : `root@${member.ip}`;
  const file = `${member.name}.facts.json`;

  return {
    host: reporter,
    code: 'cluster-member-missing',
    severity: 'error',
    subject: `cluster ${clusterName}: ${member.name}`,
    message:
      `No facts file given is of ${member.name}, although the ${CONF} recorded in ${joinWithAnd(member.listedIn)} ` +
      `lists it as a member of cluster ${clusterName}, so the cluster cannot be planned as a whole.`,
    fix:
      `Record its facts with \`pmgup probe --host ${address} --out ${file}\` and add \`--facts ${file}\`, then plan again. ` +
      'The procedure stops the cluster daemons on every member first, so the plan cannot be applied while one is missing.',
  };
}

function joinWithAnd(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Warns when a host is a cluster member but its cluster is not in the plan as a whole. */
export function checkLoneMember(name: string, facts: HostFacts): Diagnostic[] {
  const membership = membershipOf(facts);
  if (membership.kind !== 'member') {
    return [];
  }

  const peers = membership.members.filter((member) => member.name !== facts.identity.hostname);
  if (peers.length === 0) {
    return [];
  }

  return [
    {
      host: name,
      code: 'cluster-partial',
      severity: 'warning',
      subject: CONF,
      message: `${name} is in a cluster with ${peers.map((peer) => `${peer.name} (${peer.ip ?? 'no ip'})`).join(', ')}, which this plan does not include. The procedure stops pmgmirror and pmgtunnel on every member before the first is upgraded, and this plan does that on ${name} only.`,
      fix:
        'Plan the whole cluster: with --inventory FILE and a [[cluster]] entry that names any one member (see docs/inventory.md), ' +
        'or from recorded facts with one --facts file per member.',
      location: { file: CONF },
    },
  ];
}

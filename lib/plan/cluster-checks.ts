/**
 * Checks that need the whole cluster, run at plan time before any member
 * is touched: every member reachable, one cluster.conf on all of them, the
 * PMG versions of the members, and the state of the cluster daemons as far
 * as the facts show it. pmgup sees no live sync status (pmgcm status asks
 * each node over HTTPS), so the sync check reads the daemons' unit states.
 * Also the warning for a cluster member planned without its cluster.
 */
import type { Desired } from '../config/desired.js';
import type { HostFacts } from '../probe/facts.js';
import { canonicalClusterConf, membershipOf } from './cluster-members.js';
import type { Diagnostic } from './model.js';
import { detectPhase, metaPackageVersion, unitName } from './phase.js';

/** A member whose probe failed. */
export interface UnreachableMember {
  name: string;
  address: string;
  /** The probe's error title and detail. */
  error: string;
}

/** A probed member: its plan name and facts. */
export interface ProbedMember {
  name: string;
  facts: HostFacts;
}

/** The cluster as the checks see it. */
export interface ClusterUnderCheck {
  name: string;
  /** Probed members in upgrade order. */
  members: ProbedMember[];
  unreachable: UnreachableMember[];
}

const CONF = '/etc/pmg/cluster.conf';

/** Runs every cluster-wide check; diagnostics name the member they concern. */
export function checkCluster(cluster: ClusterUnderCheck, desired: Desired): Diagnostic[] {
  return [
    ...unreachableMembers(cluster),
    ...configMismatches(cluster),
    ...versionSpread(cluster, desired),
    ...stoppedDaemons(cluster, desired),
  ];
}

function unreachableMembers(cluster: ClusterUnderCheck): Diagnostic[] {
  const reporter = cluster.members[0]?.name;
  if (reporter === undefined) {
    return [];
  }

  return cluster.unreachable.map((member) => ({
    host: reporter,
    code: 'cluster-member-unreachable',
    severity: 'error',
    subject: `cluster ${cluster.name}: ${member.name}`,
    message: `Member ${member.name} of cluster ${cluster.name} could not be probed at ${member.address}: ${member.error}`,
    fix:
      `Make ${member.name} reachable over SSH, or set its address in the inventory under [cluster.nodes.${member.name}], then plan again. ` +
      'The procedure stops the cluster daemons on every member first, so no member is planned while one is out of reach.',
  }));
}

function configMismatches(cluster: ClusterUnderCheck): Diagnostic[] {
  const [reference, ...others] = cluster.members;
  if (reference === undefined) {
    return [];
  }

  const expected = canonicalClusterConf(reference.facts);

  return others.flatMap((member) => {
    const found = canonicalClusterConf(member.facts);
    if (expected === null) {
      return [];
    }
    if (found === null) {
      return [missingConf(cluster.name, reference.name, member.name)];
    }
    const missing = expected.filter((line) => !found.includes(line));
    const extra = found.filter((line) => !expected.includes(line));
    if (missing.length === 0 && extra.length === 0) {
      return [];
    }

    return [mismatch(cluster.name, reference.name, member.name, missing, extra)];
  });
}

function mismatch(clusterName: string, reference: string, member: string, missing: string[], extra: string[]): Diagnostic {
  const parts = [
    ...missing.map((line) => `only on ${reference}: "${line}"`),
    ...extra.map((line) => `only on ${member}: "${line}"`),
  ];

  return {
    host: member,
    code: 'cluster-config-mismatch',
    severity: 'error',
    subject: CONF,
    message: `${CONF} on ${member} differs from the one on ${reference}, so the members of cluster ${clusterName} disagree about the cluster: ${parts.join('; ')}.`,
    fix: 'Bring the cluster back to one configuration (pmgmirror copies the master\'s file to every node; check `pmgcm status` on the master), then plan again.',
    location: { file: CONF },
  };
}

function missingConf(clusterName: string, reference: string, member: string): Diagnostic {
  return {
    host: member,
    code: 'cluster-config-mismatch',
    severity: 'error',
    subject: CONF,
    message: `${member} has no readable ${CONF}, although the one on ${reference} names it as a member of cluster ${clusterName}.`,
    fix: `Check the membership with \`pmgcm status\` on the master; rejoin ${member} (\`pmgcm join\`) or remove it from the cluster, then plan again.`,
    location: { file: CONF },
  };
}

/** Mixed majors are expected half-way; different PMG 7 versions before the upgrade are not. */
function versionSpread(cluster: ClusterUnderCheck, desired: Desired): Diagnostic[] {
  const versions = cluster.members.map((member) => ({ member, version: metaPackageVersion(member.facts) ?? 'none' }));
  const pre = cluster.members.filter((member) => detectPhase(member.facts, desired) === 'pre-upgrade');
  const preVersions = new Set(pre.map((member) => member.facts.packages['pmg-api']?.version ?? 'none'));
  const listing = versions.map((item) => `${item.member.name} ${item.version}`).join(', ');
  const diagnostics: Diagnostic[] = [];

  if (preVersions.size > 1) {
    diagnostics.push({
      host: pre[0]!.name,
      code: 'cluster-versions',
      severity: 'warning',
      subject: `cluster ${cluster.name}: pmg-api`,
      message: `The members not yet upgraded run different pmg-api versions: ${pre.map((m) => `${m.name} ${m.facts.packages['pmg-api']?.version ?? 'none'}`).join(', ')}.`,
      fix: 'Bring every member to the same, latest PMG 7.3 with `apt update && apt dist-upgrade` on each, then plan again.',
    });
  }
  if (new Set(versions.map((item) => item.version.split(/[.-]/)[0])).size > 1) {
    diagnostics.push({
      host: cluster.members[0]!.name,
      code: 'cluster-versions',
      severity: 'notice',
      subject: `cluster ${cluster.name}: proxmox-mailgateway`,
      message: `The cluster is half-way through the upgrade: ${listing}.`,
      fix: 'Configuration changes work again once every member runs PMG 8; make none until the plan has finished.',
    });
  }

  return diagnostics;
}

/**
 * Before any member is touched (every member pre-upgrade, no cluster daemon
 * masked), a stopped pmgmirror or pmgtunnel means the members may not have
 * synchronised lately.
 */
function stoppedDaemons(cluster: ClusterUnderCheck, desired: Desired): Diagnostic[] {
  const units = desired.services.cluster_running.map(unitName);
  const untouched = cluster.members.every(
    (member) => detectPhase(member.facts, desired) === 'pre-upgrade' && units.every((unit) => member.facts.units[unit]?.loadState !== 'masked'),
  );
  if (!untouched) {
    return [];
  }

  return cluster.members.flatMap((member) => {
    const stopped = units.filter((unit) => member.facts.units[unit]?.activeState !== 'active');
    if (stopped.length === 0) {
      return [];
    }

    return [
      {
        host: member.name,
        code: 'cluster-sync',
        severity: 'warning',
        subject: `cluster ${cluster.name}: ${stopped.join(', ')}`,
        message: `${stopped.join(' and ')} ${stopped.length === 1 ? 'is' : 'are'} not running on ${member.name}, so it may not have synchronised with the other members lately.`,
        fix: 'Run `pmgcm status` on the master: every member must show state A (active) before the upgrade starts.',
      },
    ];
  });
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
      fix: 'Plan the whole cluster with --inventory FILE and a [[cluster]] entry that names any one member (see docs/inventory.md).',
      location: { file: CONF },
    },
  ];
}

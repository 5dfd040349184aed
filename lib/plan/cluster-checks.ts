/**
 * Checks that need the whole cluster. They cover every member being in the
 * plan (cluster-presence.ts), one cluster.conf on all members, the PMG
 * versions of the members, and the state of the cluster daemons as far as
 * the facts show it. The facts carry no live sync status (pmgcm status
 * asks each node over HTTPS), so the sync check reads the daemons' unit
 * states. Each check reports a pass when it finds nothing, so `pmgup check`
 * lists it.
 */
import type { Desired } from '../config/desired.js';
import type { HostFacts } from '../probe/facts.js';
import { canonicalClusterConf } from './cluster-members.js';
import { checkPresence, type MissingMember, type UnreachableMember } from './cluster-presence.js';
import type { Diagnostic } from './model.js';
import { detectPhase, metaPackageVersion, unitName } from './phase.js';

export { checkLoneMember, type MissingMember, type UnreachableMember } from './cluster-presence.js';

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
  missing: MissingMember[];
}

const CONF = '/etc/pmg/cluster.conf';

/** Runs every cluster-wide check; diagnostics name the member they concern. */
export function checkCluster(cluster: ClusterUnderCheck, desired: Desired): Diagnostic[] {
  const present = cluster.members.map((member) => member.name);

  return [
    ...checkPresence({ name: cluster.name, present, unreachable: cluster.unreachable, missing: cluster.missing }),
    ...configMismatches(cluster),
    ...versionSpread(cluster, desired),
    ...stoppedDaemons(cluster, desired),
  ];
}

function configMismatches(cluster: ClusterUnderCheck): Diagnostic[] {
  const [reference, ...others] = cluster.members;
  const expected = reference === undefined ? null : canonicalClusterConf(reference.facts);
  if (reference === undefined || expected === null || others.length === 0) {
    return [];
  }

  const differences = others.flatMap((member) => {
    const found = canonicalClusterConf(member.facts);
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
  if (differences.length > 0) {
    return differences;
  }

  return [
    {
      host: reference.name,
      code: 'cluster-config-mismatch',
      severity: 'pass',
      subject: CONF,
      message: `The copies on ${cluster.members.map((member) => member.name).join(', ')} list the same members with the same properties.`,
      location: { file: CONF },
    },
  ];
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
  const apiListing = (members: ProbedMember[]) => members.map((member) => `${member.name} ${member.facts.packages['pmg-api']?.version ?? 'none'}`).join(', ');
  const diagnostics: Diagnostic[] = [];

  if (preVersions.size > 1) {
    diagnostics.push({
      host: pre[0]!.name,
      code: 'cluster-versions',
      severity: 'warning',
      subject: `cluster ${cluster.name}: pmg-api`,
      message: `The members not yet upgraded run different pmg-api versions: ${apiListing(pre)}.`,
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
  if (diagnostics.length === 0 && cluster.members.length > 0) {
    diagnostics.push({
      host: cluster.members[0]!.name,
      code: 'cluster-versions',
      severity: 'pass',
      subject: `cluster ${cluster.name}: proxmox-mailgateway`,
      message:
        'The members run the same PMG major, and those not yet upgraded the same pmg-api. ' +
        `proxmox-mailgateway: ${listing}; pmg-api: ${apiListing(cluster.members)}.`,
    });
  }

  return diagnostics;
}

/**
 * Before any member is touched (every member pre-upgrade, no cluster daemon
 * masked), a stopped pmgmirror or pmgtunnel means the members may not have
 * synchronised lately. Later the procedure itself keeps them stopped.
 */
function stoppedDaemons(cluster: ClusterUnderCheck, desired: Desired): Diagnostic[] {
  const reporter = cluster.members[0]?.name;
  const units = desired.services.cluster_running.map(unitName);
  const untouched = cluster.members.every(
    (member) => detectPhase(member.facts, desired) === 'pre-upgrade' && units.every((unit) => member.facts.units[unit]?.loadState !== 'masked'),
  );
  if (reporter === undefined || units.length === 0) {
    return [];
  }
  if (!untouched) {
    return [syncResult(cluster.name, reporter, 'skip', 'The daemons are checked only before the upgrade starts, because the procedure keeps them stopped on every member until the last member is verified.')];
  }

  const warnings = cluster.members.flatMap((member) => {
    const stopped = units.filter((unit) => member.facts.units[unit]?.activeState !== 'active');
    if (stopped.length === 0) {
      return [];
    }

    return [
      {
        ...syncResult(cluster.name, member.name, 'warning', `${stopped.join(' and ')} ${stopped.length === 1 ? 'is' : 'are'} not running on ${member.name}, so it may not have synchronised with the other members lately.`),
        subject: `cluster ${cluster.name}: ${stopped.join(', ')}`,
        fix: 'Run `pmgcm status` on the master: every member must show state A (active) before the upgrade starts.',
      },
    ];
  });

  return warnings.length > 0 ? warnings : [syncResult(cluster.name, reporter, 'pass', `${units.join(' and ')} run on every member; only \`pmgcm status\` on the master shows whether they are in sync.`)];
}

function syncResult(clusterName: string, host: string, severity: Diagnostic['severity'], message: string): Diagnostic {
  return { host, code: 'cluster-sync', severity, subject: `cluster ${clusterName}: cluster daemons`, message };
}

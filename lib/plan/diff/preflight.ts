/**
 * Diagnostics for a desired state the diff cannot reach from these facts.
 * Before the upgrade, PMG 7 must be fully updated first: pmg-api 7.3-6 is the
 * first version that works with PMG 8 peers and PostgreSQL 15, and the
 * meta-package must be at least 7.3-2.
 */
import { isInstalled, type Finding, type PlanContext } from '../context.js';
import { versionAtLeast } from '../debversion.js';
import { metaPackageVersion } from '../phase.js';

const MINIMUM_PMG_API = '7.3-6';
const MINIMUM_META = '7.3-2';

/**
 * Returns the error for a host with neither pmg-api nor a PMG meta-package
 * in dpkg's database in any state, which is no mail gateway, or null. A
 * gateway stopped in the middle of the dist-upgrade still lists both.
 */
export function notPmgFinding(context: PlanContext): Finding | null {
  if (isInstalled(context.facts.packages['pmg-api']) || metaPackageVersion(context.facts) !== null) {
    return null;
  }

  return {
    code: 'not-a-pmg-host',
    severity: 'error',
    subject: 'pmg-api',
    message: `${context.facts.identity.hostname} has neither pmg-api nor proxmox-mailgateway installed, so it is not a Proxmox Mail Gateway. pmgup plans nothing for it.`,
    fix: 'Check the target: the --host value, the inventory address, or the facts file.',
  };
}

export function preflightFindings(context: PlanContext): Finding[] {
  if (context.phase !== 'pre-upgrade') {
    return [];
  }

  const api = context.facts.packages['pmg-api'];
  const meta = metaPackageVersion(context.facts);
  const problems: string[] = [];
  if (!isInstalled(api) || !versionAtLeast(api.version, MINIMUM_PMG_API)) {
    problems.push(`pmg-api ${isInstalled(api) ? api.version : 'not installed'} (needs ${MINIMUM_PMG_API})`);
  }
  if (meta === null || !versionAtLeast(meta, MINIMUM_META)) {
    problems.push(`proxmox-mailgateway ${meta ?? 'not installed'} (needs ${MINIMUM_META})`);
  }
  if (problems.length === 0) {
    return [];
  }

  return [
    {
      code: 'upgrade-within-7-first',
      severity: 'error',
      subject: 'pmg-api',
      message: `PMG 7 is not up to date: ${problems.join(', ')}.`,
      fix: `Run apt update and apt dist-upgrade with the ${context.desired.release.from} sources to reach the latest PMG 7.3, then plan again.`,
    },
  ];
}

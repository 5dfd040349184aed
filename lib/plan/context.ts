/**
 * The inputs of one host's diff and the values derived from them once, so
 * every step planner reads the same unit lists, cluster membership and phase.
 */
import type { Desired } from '../config/desired.js';
import type { HostFacts, PackageFact, UnitFact } from '../probe/facts.js';
import type { ClusterRole } from './cluster-stop.js';
import type { Diagnostic } from './model.js';
import { detectPhase, unitName, type Phase } from './phase.js';

export interface PlanInput {
  /** The host's name in the plan; action ids start with it. */
  name: string;
  desired: Desired;
  facts: HostFacts;
  /** The planning time, for the age of backups. */
  now: Date;
  /**
   * Set when the host is planned together with the other members of its
   * PMG cluster; a member planned alone leaves it out.
   */
  cluster?: ClusterRole;
}

export interface PlanContext extends PlanInput {
  phase: Phase;
  /** `services.running` with suffixes: the mail units. */
  runningUnits: string[];
  /** `services.cluster_running` with suffixes: the cluster daemons. */
  clusterUnits: string[];
  /** `services.disabled` with suffixes. */
  disabledUnits: string[];
  /** Every unit stopped and masked during the upgrade: mail units, then cluster daemons. */
  stopUnits: string[];
  /** `/etc/pmg/cluster.conf` declares at least one `master:` or `node:` section. */
  isClusterMember: boolean;
}

const CLUSTER_SECTION = /^(master|node):\s*\d+\s*$/m;

export function buildContext(input: PlanInput): PlanContext {
  const runningUnits = input.desired.services.running.map(unitName);
  const clusterUnits = input.desired.services.cluster_running.map(unitName);
  const clusterConf = input.facts.pmg.clusterConf?.content ?? '';

  return {
    ...input,
    phase: detectPhase(input.facts, input.desired),
    runningUnits,
    clusterUnits,
    disabledUnits: input.desired.services.disabled.map(unitName),
    stopUnits: [...new Set([...runningUnits, ...clusterUnits])],
    isClusterMember: CLUSTER_SECTION.test(clusterConf),
  };
}

/** Returns whether dpkg considers the package installed (any state but not-installed and config-files). */
export function isInstalled(fact: PackageFact | undefined): fact is PackageFact {
  return fact !== undefined && fact.status !== 'not-installed' && fact.status !== 'config-files';
}

export function isMasked(fact: UnitFact | undefined): boolean {
  return fact?.loadState === 'masked' || fact?.unitFileState === 'masked';
}

export function isActive(fact: UnitFact | undefined): boolean {
  return fact?.activeState === 'active';
}

/** The fields of a diagnostic a planner chooses; the host is filled in from the context. */
export type Finding = Omit<Diagnostic, 'host'>;

export function diagnosticFor(context: PlanContext, finding: Finding): Diagnostic {
  return { host: context.name, ...finding };
}

/**
 * Combines the per-host results into one plan document. Hosts keep the order
 * given, and each host's actions keep their own valid order. The members of
 * each cluster group are linked across hosts (see `linkCluster`), so the
 * plan's order is a topological order of the whole graph. `errored` is set
 * when any diagnostic is an error, `applyable` when there are actions and no
 * error.
 */
import { PLAN_FORMAT_VERSION } from '../planfile/version.js';
import { linkCluster } from './cluster-link.js';
import { orderActions } from './graph.js';
import { BLOCKING_SEVERITIES, type Diagnostic, type HostGroup, type HostPlanResult, type Plan } from './model.js';

export interface AssembleInput {
  hosts: readonly HostPlanResult[];
  /** The plan's record of the desired-state file (see lib/planfile/desired-state.ts), copied as is. */
  desiredState: Required<Plan['desiredState']>;
  toolVersion: string;
  createdAt: Date | string;
  /** The inventory's groups; a plan without any leaves `groups` out. */
  groups?: readonly HostGroup[];
  /** Diagnostics about more than one host, listed before the hosts' own. */
  diagnostics?: readonly Diagnostic[];
}

function linkGroups(actions: Plan['actions'], groups: readonly HostGroup[]): Plan['actions'] {
  return groups.filter((group) => group.kind === 'cluster').reduce((linked, group) => linkCluster(linked, group.hosts), actions);
}

export function assemblePlan(input: AssembleInput): Plan {
  const groups = input.groups ?? [];
  const hostOrder = new Map(input.hosts.map((result, index) => [result.host.name, index]));
  const actions = linkGroups(
    input.hosts.flatMap((result) => result.actions),
    groups,
  );
  const rankOf = (action: Plan['actions'][number]) => hostOrder.get(action.host) ?? 0;
  const ordered = orderActions(actions, rankOf);
  const diagnostics = [...(input.diagnostics ?? []), ...input.hosts.flatMap((result) => result.diagnostics)];
  const errored = diagnostics.some((item) => BLOCKING_SEVERITIES.includes(item.severity));
  const createdAt = typeof input.createdAt === 'string' ? input.createdAt : input.createdAt.toISOString();

  return {
    formatVersion: PLAN_FORMAT_VERSION,
    tool: { name: 'pmgup', version: input.toolVersion },
    createdAt,
    desiredState: { ...input.desiredState },
    hosts: input.hosts.map((result) => result.host),
    actions: ordered,
    diagnostics,
    ...(groups.length > 0 && { groups: groups.map((group) => ({ ...group, hosts: [...group.hosts] })) }),
    errored,
    applyable: ordered.length > 0 && !errored,
  };
}

/**
 * Combines the per-host results into one plan document. Hosts keep the order
 * given, and each host's actions keep their own valid order. `errored` is set
 * when any diagnostic is an error, `applyable` when there are actions and no
 * error.
 */
// TODO: the procedure stops and masks the cluster daemons on every node
// before the first node is upgraded. A multi-host plan orders hosts one after
// another, so the other nodes' cluster daemons still run meanwhile.
import { BLOCKING_SEVERITIES, type HostPlanResult, type Plan } from './model.js';
import { orderActions } from './graph.js';

export interface AssembleInput {
  hosts: readonly HostPlanResult[];
  /** The desired-state file as given on the command line, and its SHA-256. */
  desiredState: { path: string; sha256: string };
  toolVersion: string;
  createdAt: Date | string;
}

export function assemblePlan(input: AssembleInput): Plan {
  const hostOrder = new Map(input.hosts.map((result, index) => [result.host.name, index]));
  const actions = input.hosts.flatMap((result) => result.actions);
  const rankOf = (action: Plan['actions'][number]) => hostOrder.get(action.host) ?? 0;
  const ordered = orderActions(actions, rankOf);
  const diagnostics = input.hosts.flatMap((result) => result.diagnostics);
  const errored = diagnostics.some((item) => BLOCKING_SEVERITIES.includes(item.severity));
  const createdAt = typeof input.createdAt === 'string' ? input.createdAt : input.createdAt.toISOString();

  return {
    formatVersion: 1,
    tool: { name: 'pmgup', version: input.toolVersion },
    createdAt,
    desiredState: { path: input.desiredState.path, sha256: input.desiredState.sha256 },
    hosts: input.hosts.map((result) => result.host),
    actions: ordered,
    diagnostics,
    errored,
    applyable: ordered.length > 0 && !errored,
  };
}

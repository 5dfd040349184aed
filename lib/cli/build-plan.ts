/**
 * The plan pipeline shared by plan, apply, graph and check: desired state
 * plus facts of every host in, one assembled Plan out. Pure apart from the
 * clock, which the caller passes in.
 */
import type { LoadedDesiredState } from '../config/load.js';
import { assemblePlan, planHost } from '../plan/index.js';
import type { Plan } from '../plan/model.js';
import { TOOL_VERSION } from '../version.js';
import type { HostWithFacts } from './targets.js';

export function buildPlan(loaded: LoadedDesiredState, hosts: HostWithFacts[], now: Date): Plan {
  const results = hosts.map((host) => {
    const result = planHost({ name: host.name, desired: loaded.desired, facts: host.facts, now });

    return { ...result, host: { ...result.host, target: host.target } };
  });

  return assemblePlan({
    hosts: results,
    desiredState: { path: loaded.path, sha256: loaded.sha256 },
    toolVersion: TOOL_VERSION,
    createdAt: now.toISOString(),
  });
}

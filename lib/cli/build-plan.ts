/**
 * The plan pipeline shared by plan, apply and graph: desired state plus
 * facts of every host in, one assembled Plan out. Pure apart from the
 * clock, which the caller passes in.
 */
import type { LoadedDesiredState } from '../config/load.js';
import { InputError, UserError } from '../errors.js';
import { assemblePlan, planFleet, planHost, type FleetGroup, type FleetPlan } from '../plan/index.js';
import { simulationRequest } from '../plan/conffiles-simulation.js';
import type { Plan } from '../plan/model.js';
import { checkPlanContent, desiredStateRecord } from '../planfile/index.js';
import { simulateUpgrade } from '../probe/simulate.js';
import { TOOL_VERSION } from '../version.js';
import type { HostWithFacts } from './targets.js';

/**
 * Plans every host: each cluster as a whole, with the cluster-wide checks,
 * and the others each on its own. `pmgup check` reads the result as it is,
 * so its checks are the ones a plan of the same hosts runs.
 */
export function planTargets(loaded: LoadedDesiredState, hosts: HostWithFacts[], now: Date): FleetPlan {
  return planFleet({
    desired: loaded.desired,
    hosts: hosts.map((host) => ({ name: host.name, target: host.target, facts: host.facts })),
    groups: groupsOf(hosts),
    now,
  });
}

/**
 * Plans every host as planTargets does, into one Plan. The plan records the
 * desired-state file relative to `planDirectory`, the folder of the plan
 * file it will be saved to: the current directory when it is not saved.
 * Call assertLoadable before showing, saving or applying the plan.
 */
export function buildPlan(loaded: LoadedDesiredState, hosts: HostWithFacts[], now: Date, planDirectory = process.cwd()): Plan {
  const fleet = planTargets(loaded, hosts, now);

  return assemblePlan({
    hosts: fleet.results,
    groups: fleet.groups,
    diagnostics: fleet.diagnostics,
    desiredState: desiredStateRecord(loaded.path, loaded.sha256, planDirectory),
    toolVersion: TOOL_VERSION,
    createdAt: now.toISOString(),
  });
}

/** Returns the hosts' groups in the order their first host appears. */
function groupsOf(hosts: HostWithFacts[]): FleetGroup[] {
  return [...new Set(hosts.flatMap((host) => (host.group === undefined ? [] : [host.group])))];
}

/**
 * Runs the upgrade simulation on every live host whose plan has a
 * dist-upgrade, and returns the hosts with `facts.simulation` set. The
 * request comes from a first plan, so the simulation sees the sources as
 * that plan's edits leave them. Hosts from recorded facts keep whatever
 * simulation they were recorded with. `onStart` is told each host it starts.
 */
export async function simulateHosts(
  loaded: LoadedDesiredState,
  hosts: HostWithFacts[],
  now: Date,
  onStart: (host: HostWithFacts) => void = () => {},
): Promise<HostWithFacts[]> {
  return Promise.all(
    hosts.map(async (host) => {
      if (host.transport === null) {
        return host;
      }
      const first = planHost({ name: host.name, desired: loaded.desired, facts: host.facts, now });
      const request = simulationRequest(first.actions, host.facts, loaded.desired);
      if (request === null) {
        return host;
      }

      onStart(host);
      const simulation = await simulateUpgrade(host.transport, request);

      return { ...host, facts: { ...host.facts, simulation } };
    }),
  );
}

/**
 * Throws UserError when the plan would fail the plan file's own validation,
 * so that a plan that is saved or applied is always one that loads again.
 * The desired state is validated before planning, so a value the plan
 * schema rejects comes from the facts: a file, unit or interface name on
 * the host with characters a plan never carries, such as spaces or `$`.
 */
export function assertLoadable(plan: Plan): void {
  try {
    checkPlanContent(plan);
  } catch (error) {
    if (!(error instanceof InputError)) {
      throw error;
    }
    const problems = error.problems.map((problem) => `${problem.location}: ${problem.message}`);
    throw new UserError(
      'The plan would carry a name from the host that pmgup does not accept',
      [
        ...problems,
        '',
        'pmgup puts file, unit and interface names into a plan only when they consist of letters, digits and `. _ / @ + -`,',
        'so that no name can change the commands apply runs. Rename the file or interface on the host,',
        'then run pmgup plan again.',
      ].join('\n'),
      { cause: error },
    );
  }
}

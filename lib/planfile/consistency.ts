/**
 * Checks of a schema-valid plan that JSON Schema cannot express: the
 * desired-state path of each format version, unique names and ids, references between actions, hosts and fingerprints, an
 * acyclic dependency order, and the `errored`/`applyable` flags agreeing
 * with the content. A plan that fails any of them was edited by hand or
 * written by a broken pmgup, and must not be applied.
 */
import type { PathSegment } from '../config/key-path.js';
import { formatJsonPointer } from '../config/key-path.js';
import type { SchemaProblem } from '../config/schema-errors.js';
import { BLOCKING_SEVERITIES, type Plan } from '../plan/model.js';
import { findCycles } from './cycles.js';
import { desiredStateProblems } from './desired-state.js';

/** Returns every inconsistency of a plan that passed schema validation, in document order. */
export function checkPlanConsistency(plan: Plan): SchemaProblem[] {
  const hosts = hostIndex(plan);
  const actions = actionIndex(plan);

  return [
    ...desiredStateProblems(plan),
    ...hosts.problems,
    ...actions.problems,
    ...actionHostProblems(plan, hosts.byName),
    ...dependencyProblems(plan, actions.byId),
    ...fingerprintProblems(plan, hosts.byName),
    ...diagnosticProblems(plan, hosts.byName),
    ...flagProblems(plan),
  ];
}

type Index = { byName: Map<string, number>; problems: SchemaProblem[] };

function firstIndex(
  names: readonly string[],
  base: PathSegment,
  field: string,
  what: string,
): Index {
  const byName = new Map<string, number>();
  const problems: SchemaProblem[] = [];
  names.forEach((name, index) => {
    const earlier = byName.get(name);
    if (earlier === undefined) {
      byName.set(name, index);

      return;
    }
    const first = formatJsonPointer([base, earlier, field]);
    problems.push({
      path: [base, index, field],
      message: `${what} "${name}" is listed twice, first at ${first}`,
    });
  });

  return { byName, problems };
}

function hostIndex(plan: Plan): Index {
  return firstIndex(
    plan.hosts.map((h) => h.name),
    'hosts',
    'name',
    'host',
  );
}

function actionIndex(plan: Plan): { byId: Map<string, number>; problems: SchemaProblem[] } {
  const { byName, problems } = firstIndex(
    plan.actions.map((a) => a.id),
    'actions',
    'id',
    'action id',
  );

  return { byId: byName, problems };
}

function actionHostProblems(plan: Plan, hosts: Map<string, number>): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  plan.actions.forEach((action, index) => {
    if (!hosts.has(action.host)) {
      problems.push({
        path: ['actions', index, 'host'],
        message: `host "${action.host}" is not in /hosts`,
      });
    }
    const prefix = action.id.slice(0, action.id.indexOf('/'));
    if (prefix !== action.host) {
      problems.push({
        path: ['actions', index, 'id'],
        message: `the id "${action.id}" names host "${prefix}", but the action's host is "${action.host}"`,
      });
    }
  });

  return problems;
}

function dependencyProblems(plan: Plan, byId: Map<string, number>): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const edges = plan.actions.map((action) => action.dependsOn.map((id) => byId.get(id) ?? -1));
  const cycles = findCycles(edges);
  const inCycle = new Set(cycles.flat());

  plan.actions.forEach((action, index) => {
    action.dependsOn.forEach((id, position) => {
      const target = byId.get(id);
      const path = ['actions', index, 'dependsOn', position];
      if (target === undefined) {
        problems.push({ path, message: `no action has the id "${id}"` });
      } else if (target > index && !inCycle.has(index)) {
        const where = formatJsonPointer(['actions', target]);
        problems.push({
          path,
          message: `"${id}" is listed after this action, at ${where}. Actions must follow their dependencies`,
        });
      }
    });
  });

  for (const cycle of cycles) {
    const ids = [...cycle, cycle[0]!].map((i) => plan.actions[i]!.id);
    problems.push({
      path: ['actions', cycle[0]!, 'dependsOn'],
      message: `dependency cycle: ${ids.join(' → ')} (each action depends on the next)`,
    });
  }

  return problems;
}

function fingerprintProblems(plan: Plan, hosts: Map<string, number>): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  plan.actions.forEach((action, index) => {
    const hostIndexOf = hosts.get(action.host);
    if (hostIndexOf === undefined) {
      return;
    }

    const fingerprints = plan.hosts[hostIndexOf]!.fingerprints;
    action.fingerprintKeys.forEach((key, position) => {
      if (!Object.hasOwn(fingerprints, key)) {
        const where = formatJsonPointer(['hosts', hostIndexOf, 'fingerprints']);
        problems.push({
          path: ['actions', index, 'fingerprintKeys', position],
          message: `the fact "${key}" has no fingerprint in ${where}, so a changed host could not be detected`,
        });
      }
    });
  });

  return problems;
}

function diagnosticProblems(plan: Plan, hosts: Map<string, number>): SchemaProblem[] {
  return plan.diagnostics.flatMap((diagnostic, index) =>
    hosts.has(diagnostic.host)
      ? []
      : [
          {
            path: ['diagnostics', index, 'host'],
            message: `host "${diagnostic.host}" is not in /hosts`,
          },
        ],
  );
}

function flagProblems(plan: Plan): SchemaProblem[] {
  const blocking = plan.diagnostics.findIndex((d) => BLOCKING_SEVERITIES.includes(d.severity));
  const errored = blocking >= 0;
  const applyable = plan.actions.length > 0 && !errored;
  const problems: SchemaProblem[] = [];

  if (plan.errored !== errored) {
    const why = errored
      ? `${formatJsonPointer(['diagnostics', blocking])} is an error`
      : 'no diagnostic is an error';
    problems.push({ path: ['errored'], message: `is ${plan.errored}, but ${why}` });
  }
  if (plan.applyable !== applyable) {
    const why = errored
      ? 'the plan has an error diagnostic'
      : `the plan has ${plan.actions.length} action${plan.actions.length === 1 ? '' : 's'} and no error diagnostic`;
    problems.push({ path: ['applyable'], message: `is ${plan.applyable}, but ${why}` });
  }

  return problems;
}

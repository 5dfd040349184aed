/**
 * The action graph: validation (duplicate ids, unknown dependencies, every
 * cycle), a stable topological order, and DOT output for `pmgup graph`.
 * Edges point from an action to the actions in its `dependsOn`.
 */
import { UserError } from '../errors.js';
import type { Action } from './model.js';
import { stageOfAction, stageRank } from './stages.js';

export { toDot } from './graph-dot.js';

export type GraphProblem =
  | { kind: 'duplicate-id'; id: string }
  | { kind: 'unknown-dependency'; id: string; dependsOn: string }
  /** `path` starts and ends with the same id; each id depends on the next. */
  | { kind: 'cycle'; members: string[]; path: string[] };

type GraphNode = Pick<Action, 'id' | 'dependsOn' | 'step'>;

/** The action graph is not a valid DAG; every problem found is listed. */
export class PlanGraphError extends UserError {
  override name = 'PlanGraphError';
  readonly problems: GraphProblem[];

  constructor(problems: GraphProblem[]) {
    super(
      'The plan has an invalid action graph',
      [...problems.map(describeProblem), '', 'A plan file edited by hand must keep dependsOn acyclic and name existing actions; make the plan again with `pmgup plan`. A plan pmgup made itself with this problem is a bug in pmgup: please report it with the plan file.'].join('\n'),
    );
    this.problems = problems;
  }
}

export function describeProblem(problem: GraphProblem): string {
  switch (problem.kind) {
    case 'duplicate-id':
      return `duplicate action id ${problem.id}`;
    case 'unknown-dependency':
      return `${problem.id} depends on ${problem.dependsOn}, which is not in the plan`;
    case 'cycle':
      return `cycle: ${problem.path.join(' -> ')} (each action depends on the next)`;
  }
}

/** Returns every problem of the graph: duplicates, unknown ids, then cycles ordered by their smallest id. */
export function validateGraph(actions: readonly GraphNode[]): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const ids = new Set<string>();
  for (const action of actions) {
    if (ids.has(action.id)) {
      problems.push({ kind: 'duplicate-id', id: action.id });
    }
    ids.add(action.id);
  }
  for (const action of actions) {
    for (const dependency of action.dependsOn) {
      if (!ids.has(dependency)) {
        problems.push({ kind: 'unknown-dependency', id: action.id, dependsOn: dependency });
      }
    }
  }

  return [...problems, ...findCycles(actions, ids)];
}

function edgesOf(actions: readonly GraphNode[], ids: ReadonlySet<string>): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const action of actions) {
    const known = action.dependsOn.filter((dependency) => ids.has(dependency));
    edges.set(action.id, [...new Set([...(edges.get(action.id) ?? []), ...known])].sort());
  }

  return edges;
}

/** Tarjan's algorithm: the strongly connected components, each a set of ids. */
function components(edges: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result: string[][] = [];
  let counter = 0;

  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      result.push(component.sort());
    }
  };

  for (const node of [...edges.keys()].sort()) {
    if (!index.has(node)) {
      visit(node);
    }
  }

  return result;
}

/** Returns the shortest path from `start` back to itself inside one component. */
function shortestCycle(start: string, members: ReadonlySet<string>, edges: Map<string, string[]>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of edges.get(node) ?? []) {
      if (next === start) {
        const path = [node];
        while (path[0] !== start) {
          path.unshift(previous.get(path[0])!);
        }
        return [...path, start];
      }
      if (members.has(next) && !previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }

  return [start, start];
}

function findCycles(actions: readonly GraphNode[], ids: ReadonlySet<string>): GraphProblem[] {
  const edges = edgesOf(actions, ids);

  return components(edges)
    .filter((members) => members.length > 1 || (edges.get(members[0]) ?? []).includes(members[0]))
    .sort((left, right) => (left[0] < right[0] ? -1 : 1))
    .map((members) => ({ kind: 'cycle', members, path: shortestCycle(members[0], new Set(members), edges) }));
}

/** Returns the procedure order of an action, for breaking ties between actions that could run in either order. */
export function procedureRank(action: Pick<Action, 'id' | 'step'>): number {
  return stageRank(stageOfAction(action));
}

/**
 * Returns the actions in a topological order (every action after all of its
 * dependencies). Among actions that are ready at the same time, the one
 * earlier in the procedure goes first, then the one earlier in the input.
 * Throws PlanGraphError when the graph has any problem.
 */
export function orderActions<T extends GraphNode>(actions: readonly T[], rank: (action: T) => number = procedureRank): T[] {
  const problems = validateGraph(actions);
  if (problems.length > 0) {
    throw new PlanGraphError(problems);
  }

  const position = new Map(actions.map((action, index) => [action.id, index]));
  const waiting = new Map(actions.map((action) => [action.id, new Set(action.dependsOn)]));
  const done = new Set<string>();
  const ordered: T[] = [];
  const before = (left: T, right: T) => rank(left) - rank(right) || position.get(left.id)! - position.get(right.id)!;

  while (ordered.length < actions.length) {
    const ready = actions.filter((action) => !done.has(action.id) && [...waiting.get(action.id)!].every((id) => done.has(id)));
    const next = ready.sort(before)[0];
    ordered.push(next);
    done.add(next.id);
  }

  return ordered;
}

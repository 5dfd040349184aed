/**
 * Dependency cycles among plan actions. Reported in full and in a stable
 * order, so the same broken plan always gives the same message.
 */

/**
 * Returns each cycle of the graph `dependsOn` (index → indexes it depends
 * on) as a list of indexes that starts at its lowest index. Cycles are found
 * in order of their lowest index. Edges to indexes outside the graph are
 * ignored. A graph where several cycles overlap reports one of them, so
 * fixing the reported cycles may uncover another.
 */
export function findCycles(dependsOn: readonly (readonly number[])[]): number[][] {
  const remaining = unresolvedNodes(dependsOn);
  const walked = new Set<number>();
  const cycles: number[][] = [];

  for (let start = 0; start < dependsOn.length; start += 1) {
    if (!remaining.has(start) || walked.has(start)) {
      continue;
    }

    // Every remaining node depends on another remaining node, so walking
    // the first such edge ends either in a new cycle or in an earlier walk.
    const order: number[] = [];
    const position = new Map<number, number>();
    let node: number | undefined = start;
    while (node !== undefined && !walked.has(node)) {
      walked.add(node);
      position.set(node, order.length);
      order.push(node);
      node = dependsOn[node]!.find((next) => remaining.has(next));
    }
    if (node !== undefined && position.has(node)) {
      cycles.push(rotateToLowest(order.slice(position.get(node))));
    }
  }

  return cycles.sort((a, b) => a[0]! - b[0]!);
}

/** Returns the nodes that cannot be ordered: those in a cycle or depending on one (Kahn's algorithm). */
function unresolvedNodes(dependsOn: readonly (readonly number[])[]): Set<number> {
  const size = dependsOn.length;
  const pending = dependsOn.map((edges) => new Set(edges.filter((e) => e >= 0 && e < size)).size);
  const dependents: number[][] = Array.from({ length: size }, () => []);
  dependsOn.forEach((edges, node) => {
    for (const target of new Set(edges)) {
      if (target >= 0 && target < size) {
        dependents[target]!.push(node);
      }
    }
  });

  const ready = pending.flatMap((count, node) => (count === 0 ? [node] : []));
  const resolved = new Set<number>();
  while (ready.length > 0) {
    const node = ready.pop()!;
    resolved.add(node);
    for (const dependent of dependents[node]!) {
      pending[dependent]! -= 1;
      if (pending[dependent] === 0) {
        ready.push(dependent);
      }
    }
  }

  return new Set(
    Array.from({ length: size }, (_, node) => node).filter((node) => !resolved.has(node)),
  );
}

function rotateToLowest(cycle: number[]): number[] {
  const lowest = cycle.indexOf(cycle.reduce((min, node) => Math.min(min, node)));

  return [...cycle.slice(lowest), ...cycle.slice(0, lowest)];
}

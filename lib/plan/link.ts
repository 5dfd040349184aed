/**
 * Turns one host's drafts into actions: ids, `dependsOn` from the stage
 * table, a stable order, and the downtime flag. Each action depends on the
 * nearest planned actions of the stages it must follow, and an edge already
 * implied through another dependency is left out.
 */
import type { Draft } from './draft.js';
import { orderActions } from './graph.js';
import type { Action } from './model.js';
import { predecessorsOf, stageRank, STAGES, type Stage } from './stages.js';

interface Linked {
  draft: Draft;
  action: Action;
}

function idOf(host: string, item: Draft): string {
  return `${host}/${item.slug}`;
}

/** For each stage, the ids of the nearest planned actions at or before it along the must-follow table. */
function nearestPlanned(host: string, drafts: readonly Draft[]): Map<Stage, string[]> {
  const nearest = new Map<Stage, string[]>();
  for (const stage of STAGES) {
    const own = drafts.filter((item) => item.stage === stage).map((item) => idOf(host, item));
    const inherited = predecessorsOf(stage).flatMap((predecessor) => nearest.get(predecessor) ?? []);
    nearest.set(stage, own.length > 0 ? own : [...new Set(inherited)]);
  }

  return nearest;
}

/** Drops dependencies that another dependency already waits for. */
function reduce(dependencies: string[], ancestors: Map<string, Set<string>>): string[] {
  return dependencies.filter(
    (dependency) => !dependencies.some((other) => other !== dependency && ancestors.get(other)?.has(dependency)),
  );
}

function link(host: string, drafts: readonly Draft[]): Linked[] {
  const nearest = nearestPlanned(host, drafts);
  const ancestors = new Map<string, Set<string>>();
  const sorted = [...drafts].sort((left, right) => stageRank(left.stage) - stageRank(right.stage));

  return sorted.map((item) => {
    const id = idOf(host, item);
    const candidates = [...new Set(predecessorsOf(item.stage).flatMap((stage) => nearest.get(stage) ?? []))];
    const dependsOn = reduce(candidates, ancestors).sort();
    ancestors.set(id, new Set(dependsOn.flatMap((dependency) => [dependency, ...(ancestors.get(dependency) ?? [])])));

    return { draft: item, action: toAction(host, id, item, dependsOn) };
  });
}

function toAction(host: string, id: string, item: Draft, dependsOn: string[]): Action {
  return {
    id,
    host,
    reason: item.reason,
    changes: item.changes,
    dependsOn,
    downtime: false,
    destructive: item.destructive,
    fileDiffs: item.fileDiffs,
    fingerprintKeys: [...new Set(item.fingerprintKeys)].sort(),
    step: item.step,
  };
}

/** Stages after which the mail services run again. */
const SERVICES_BACK = new Set<Stage>(['start-units', 'reboot']);

/**
 * Marks the actions that run while the mail services are down: from the
 * stop (or from the start, when the services are already down) until the
 * unmask that starts them, the start, or the reboot, each included.
 */
function markDowntime(linked: Linked[], servicesDown: boolean): void {
  let down = servicesDown;
  for (const { draft: item, action } of linked) {
    if (item.stage === 'stop-units' || item.stage === 'reboot') {
      down = true;
    }
    action.downtime = down;

    const startsServices = item.stage === 'unmask-units' && action.step.kind === 'unmask-units' && action.step.start;
    if (SERVICES_BACK.has(item.stage) || startsServices) {
      down = false;
    }
  }
}

/** Links, orders and marks one host's drafts. `servicesDown`: a mail unit is masked or stopped now. */
export function linkActions(host: string, drafts: readonly Draft[], servicesDown: boolean): Action[] {
  const linked = link(host, drafts);
  const byId = new Map(linked.map((item) => [item.action.id, item]));
  const ordered = orderActions(linked.map((item) => item.action)).map((action) => byId.get(action.id)!);
  markDowntime(ordered, servicesDown);

  return ordered.map((item) => item.action);
}

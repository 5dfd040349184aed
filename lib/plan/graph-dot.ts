/**
 * The plan as a Graphviz DOT digraph for `pmgup graph`: one cluster per
 * host, one node per action labelled with its step kind and subject, and an
 * edge from each dependency to the action that waits for it. Steps that run
 * during the mail downtime are filled; destructive steps have a red border.
 */
import { stepSubject } from './describe.js';
import type { Action, Plan } from './model.js';

/** Quotes a DOT identifier or string, escaping backslashes and quotes and turning newlines into `\n`. */
export function dotString(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n');

  return `"${escaped}"`;
}

function nodeLine(action: Action): string {
  const subject = stepSubject(action.step);
  const lines = [action.step.kind, ...(subject === '' ? [] : [subject]), ...(action.downtime ? ['(downtime)'] : [])];
  const attributes = [`label=${dotString(lines.join('\n'))}`];
  if (action.downtime) {
    attributes.push('style=filled', 'fillcolor="#fde0dc"');
  }
  if (action.destructive) {
    attributes.push('color="#b00020"', 'penwidth=2');
  }

  return `    ${dotString(action.id)} [${attributes.join(', ')}];`;
}

function hostCluster(plan: Plan, hostIndex: number): string[] {
  const host = plan.hosts[hostIndex];
  const actions = plan.actions.filter((action) => action.host === host.name);

  return [
    `  subgraph ${dotString(`cluster_${hostIndex}`)} {`,
    `    label=${dotString(`${host.name} (${host.phase})`)};`,
    ...actions.map(nodeLine),
    '  }',
  ];
}

/** Renders the plan as DOT text; the output is stable for a given plan. */
export function toDot(plan: Plan): string {
  const edges = plan.actions.flatMap((action) =>
    action.dependsOn.map((dependency) => `  ${dotString(dependency)} -> ${dotString(action.id)};`),
  );

  return [
    'digraph pmgup {',
    '  rankdir=TB;',
    '  node [shape=box, fontname="Helvetica"];',
    ...plan.hosts.flatMap((_host, index) => hostCluster(plan, index)),
    ...edges,
    '}',
    '',
  ].join('\n');
}

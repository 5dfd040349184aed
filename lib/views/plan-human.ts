/**
 * The human view of a plan, rendered from the same Plan document that
 * `--json` prints and `--out` saves. Actions are grouped by host, each with
 * its symbol, id, reason, changes and file diffs, then the host's
 * diagnostics; one count line per host and a total close it. The hosts of
 * an inventory cluster or group follow a line that names them.
 */
import type { Action, Diagnostic, HostGroup, HostPlan, Plan } from '../plan/model.js';
import type { Palette } from './color.js';
import { EFFECT_LEGEND, EFFECT_SYMBOLS, describeStep, type Effect } from './describe.js';
import { renderDiagnostic, severityCounts } from './diagnostics.js';
import { escapeInline, escapeTerminal } from './escape.js';

export interface PlanViewOptions {
  palette: Palette;
}

/** Renders a whole plan for a terminal or a log. */
export function renderPlan(plan: Plan, options: PlanViewOptions): string {
  const { palette } = options;
  const sections: string[] = [];

  const effects = new Set(plan.actions.map((action) => describeStep(action.step).effect));
  if (effects.size > 0) {
    sections.push(renderLegend(effects, palette));
  }
  const headed = new Set<string>();
  for (const host of plan.hosts) {
    const group = (plan.groups ?? []).find((item) => item.hosts.includes(host.name));
    if (group !== undefined && !headed.has(group.name)) {
      headed.add(group.name);
      sections.push(renderGroupHeader(plan, group, palette));
    }
    sections.push(renderHost(plan, host, palette));
  }
  sections.push(renderTotal(plan, palette));

  return sections.join('\n\n') + '\n';
}

/** Renders the line that opens the hosts of a cluster or group: who is in it and how they are applied. */
function renderGroupHeader(plan: Plan, group: HostGroup, palette: Palette): string {
  const names = group.hosts.map(escapeInline).join(', ');
  const actions = plan.actions.filter((action) => group.hosts.includes(action.host)).length;
  if (group.kind === 'hosts') {
    return palette.bold(`Group ${escapeInline(group.name)}: ${names}; ${count(actions, 'action')}, the hosts applied in parallel.`);
  }

  return [
    palette.bold(`Cluster ${escapeInline(group.name)}: ${names}, upgraded one at a time in this order; ${count(actions, 'action')}.`),
    'pmgmirror and pmgtunnel stop on every member before the first change and start again after the last member is verified.',
  ].join('\n');
}

function renderLegend(effects: Set<Effect>, palette: Palette): string {
  const order: Effect[] = ['add', 'change', 'remove', 'run'];
  const items = order
    .filter((effect) => effects.has(effect))
    .map((effect) => `${symbol(effect, palette)} ${EFFECT_LEGEND[effect]}`);

  return `Symbols: ${items.join('   ')}`;
}

function symbol(effect: Effect, palette: Palette): string {
  const text = EFFECT_SYMBOLS[effect];
  switch (effect) {
    case 'add':
      return palette.green(text);
    case 'change':
      return palette.yellow(text);
    case 'remove':
      return palette.red(text);
    case 'run':
      return palette.cyan(text);
  }
}

function renderHost(plan: Plan, host: HostPlan, palette: Palette): string {
  const actions = plan.actions.filter((action) => action.host === host.name);
  const diagnostics = plan.diagnostics.filter((diagnostic) => diagnostic.host === host.name);
  const header = palette.bold(
    `${escapeInline(host.name)} (${escapeInline(host.target)}, ${escapeInline(host.hostname)}): ${host.phase}`,
  );
  const lines = [header];

  if (actions.length === 0) {
    const blocked = diagnostics.some((diagnostic) => diagnostic.severity === 'error');
    lines.push(blocked ? '  No actions: the errors below must be fixed first.' : '  No changes: the host matches the desired state.');
  }
  for (const action of actions) {
    lines.push('', ...renderAction(action, palette));
  }
  if (host.downtime !== undefined) {
    lines.push('', ...renderDowntime(host.downtime, palette));
  }

  // Passed and skipped checks belong to pmgup check; the plan shows what needs attention.
  const shown = diagnostics.filter((diagnostic) => diagnostic.severity !== 'pass' && diagnostic.severity !== 'skip');
  if (shown.length > 0) {
    lines.push('', palette.bold('  Checks:'));
    for (const diagnostic of shown) {
      lines.push(...renderDiagnostic(diagnostic, palette).map((line) => `  ${line}`));
    }
  }
  lines.push('', `  ${hostSummary(actions, diagnostics)}`);

  return lines.join('\n');
}

/** Renders one action as indented lines. */
export function renderAction(action: Action, palette: Palette): string[] {
  const description = describeStep(action.step);
  const markers = [
    action.destructive ? palette.red('[destructive]') : '',
    action.downtime ? palette.yellow('[mail downtime]') : '',
  ].filter((marker) => marker !== '');
  const lines = [
    `  ${symbol(description.effect, palette)} ${palette.bold(escapeInline(action.id))}  ${markers.join(' ')}`.trimEnd(),
    `      ${description.title}: ${escapeInline(description.subject)}`,
    `      why: ${escapeInline(action.reason.text)}`,
  ];
  // Edges inside one host follow the procedure; an edge to another host is
  // the cluster's order, which the operator should see.
  const otherHosts = action.dependsOn.filter((id) => !id.startsWith(`${action.host}/`));
  if (otherHosts.length > 0) {
    lines.push(`      waits for: ${otherHosts.map(escapeInline).join(', ')}`);
  }

  for (const change of action.changes) {
    const before = change.before === null ? '(none)' : change.before;
    const after = change.after === null ? '(none)' : change.after;
    lines.push(`      ${escapeInline(change.subject)}: ${escapeInline(before)} -> ${escapeInline(after)}`);
  }
  for (const fileDiff of action.fileDiffs) {
    lines.push(...renderDiff(fileDiff.diff, palette).map((line) => `      ${line}`));
  }

  return lines;
}

// Header lines (`---`, `+++`) come only before a hunk: inside one, a removed
// line that starts with "--" also begins with "---" and must stay red.
function renderDiff(diff: string, palette: Palette): string[] {
  let inHunk = false;

  return escapeTerminal(diff)
    .replace(/\n$/, '')
    .split('\n')
    .filter((line) => !line.startsWith('==='))
    .map((line) => {
      if (line.startsWith('@@')) {
        inHunk = true;
        return palette.cyan(line);
      }
      inHunk &&= /^[ +\-\\]/.test(line);
      if (!inHunk) {
        return line.startsWith('+++') || line.startsWith('---') ? palette.bold(line) : line;
      }
      if (line.startsWith('+')) {
        return palette.green(line);
      }
      if (line.startsWith('-')) {
        return palette.red(line);
      }

      return line.startsWith('\\') ? palette.dim(line) : line;
    });
}

function formatSeconds(seconds: number): string {
  const minutes = Math.floor(seconds / 60);

  return minutes === 0 ? `${seconds} s` : `${minutes} min ${seconds % 60} s`;
}

/** Renders the planned mail downtime: its actions and the estimate, part by part. */
export function renderDowntime(downtime: NonNullable<HostPlan['downtime']>, palette: Palette): string[] {
  const first = downtime.actions[0] ?? '';
  const last = downtime.actions.at(-1) ?? '';
  const total =
    downtime.estimateSeconds === null
      ? 'no estimate, because a part is unknown'
      : `estimated ${formatSeconds(downtime.estimateSeconds)}`;
  const lines = [
    palette.bold(`  Mail downtime: ${count(downtime.actions.length, 'action')}, ${escapeInline(first)} to ${escapeInline(last)}; ${total}`),
  ];
  for (const part of downtime.parts) {
    const seconds = part.seconds === null ? 'unknown' : formatSeconds(part.seconds);
    lines.push(`      ${escapeInline(part.what)}: ${seconds} (${escapeInline(part.basis)})`);
  }
  lines.push('      An estimate from rates measured on a test host; apply reports the measured downtime.');

  return lines;
}

function hostSummary(actions: Action[], diagnostics: Diagnostic[]): string {
  const destructive = actions.filter((action) => action.destructive).length;
  const downtime = actions.filter((action) => action.downtime).length;
  const counts = severityCounts(diagnostics);

  return (
    `${count(actions.length, 'action')} (${destructive} destructive, ${downtime} during mail downtime); ` +
    `checks: ${count(counts.error, 'error')}, ${count(counts.warning, 'warning')}, ${count(counts.notice, 'notice')}`
  );
}

function renderTotal(plan: Plan, palette: Palette): string {
  const errors = plan.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;

  if (plan.errored) {
    return palette.red(
      palette.bold(`Planning found ${count(errors, 'error')}: this plan cannot be applied.`) +
        ' Fix what the checks above name, then run pmgup plan again.',
    );
  }
  if (plan.actions.length === 0) {
    return palette.green(`No changes. ${count(plan.hosts.length, 'host')} already in the desired state.`);
  }

  const byEffect: Record<Effect, number> = { add: 0, change: 0, remove: 0, run: 0 };
  for (const action of plan.actions) {
    byEffect[describeStep(action.step).effect] += 1;
  }

  return palette.bold(
    `Plan: ${count(plan.actions.length, 'action')} on ${count(plan.hosts.length, 'host')}: ` +
      `${byEffect.add} to add, ${byEffect.change} to change, ${byEffect.remove} to remove, ${byEffect.run} to run.`,
  );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

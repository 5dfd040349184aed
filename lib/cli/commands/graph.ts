/**
 * `pmgup graph`: print the action graph as DOT, from a saved plan or from a
 * fresh plan of the targets.
 */
import { DEFAULT_DESIRED_STATE, loadDesiredState } from '../../config/load.js';
import { UserError } from '../../errors.js';
import { toDot } from '../../plan/graph.js';
import { loadPlan } from '../../planfile/index.js';
import type { ParsedCommand } from '../args.js';
import type { OptionName } from '../option-table.js';
import { assertLoadable, buildPlan } from '../build-plan.js';
import type { CliIO } from '../io.js';
import { isPlanFile } from '../plan-or-desired.js';
import { closeTargets, gatherFacts, targetsFromOptions } from '../targets.js';

export async function runGraph(parsed: ParsedCommand, io: CliIO): Promise<number> {
  const file = parsed.positionals[0];

  if (file !== undefined && (await isPlanFile(file))) {
    rejectTargetOptions(file, parsed.optionsGiven);
    io.stdout.write(toDot(await loadPlan(file, 'graph')));
    return 0;
  }

  const loaded = await loadDesiredState(file ?? DEFAULT_DESIRED_STATE, 'graph');
  // The probe is the only call per host, so no connection is shared.
  const targets = await targetsFromOptions(parsed.options, { shareConnection: false, command: 'graph' });
  try {
    const plan = buildPlan(loaded, await gatherFacts(targets, parsed.options.parallelism), new Date());
    // The same check as pmgup plan, so graph never draws a plan that plan rejects.
    assertLoadable(plan);
    io.stdout.write(toDot(plan));

    return plan.errored ? 1 : 0;
  } finally {
    await closeTargets(targets);
  }
}

// A saved plan is drawn as it is, so every option that picks or reaches a
// host would be ignored.
function rejectTargetOptions(file: string, optionsGiven: readonly OptionName[]): void {
  if (optionsGiven.length === 0) {
    return;
  }

  const names = optionsGiven.map((name) => `--${name}`).join(', ');
  throw new UserError(
    'Invalid arguments for pmgup graph',
    `${names} ${optionsGiven.length === 1 ? 'does' : 'do'} not apply to graph with a saved plan: graph draws ${file} as it is and contacts no host.\n` +
      `Leave ${optionsGiven.length === 1 ? 'it' : 'them'} out, or give a desired-state file (or none, for the shipped one) to plan the targets and draw that plan.`,
  );
}

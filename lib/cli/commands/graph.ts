/**
 * `pmgup graph`: print the action graph as DOT, from a saved plan or from a
 * fresh plan of the targets.
 */
import { DEFAULT_DESIRED_STATE, loadDesiredState } from '../../config/load.js';
import { toDot } from '../../plan/graph.js';
import { loadPlan } from '../../planfile/index.js';
import type { ParsedCommand } from '../args.js';
import { assertLoadable, buildPlan } from '../build-plan.js';
import type { CliIO } from '../io.js';
import { isPlanFile } from '../plan-or-desired.js';
import { closeTargets, gatherFacts, targetsFromOptions } from '../targets.js';

export async function runGraph(parsed: ParsedCommand, io: CliIO): Promise<number> {
  const file = parsed.positionals[0];

  if (file !== undefined && (await isPlanFile(file))) {
    io.stdout.write(toDot(await loadPlan(file)));
    return 0;
  }

  const loaded = await loadDesiredState(file ?? DEFAULT_DESIRED_STATE);
  // The probe is the only call per host, so no connection is shared.
  const targets = await targetsFromOptions(parsed.options, { shareConnection: false });
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

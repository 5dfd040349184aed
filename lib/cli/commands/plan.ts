/**
 * `pmgup plan`: load the desired state (nothing is contacted when it is
 * invalid), probe every target, diff, and show or save the plan.
 */
import { dirname, resolve } from 'node:path';

import { DEFAULT_DESIRED_STATE, loadDesiredState } from '../../config/load.js';
import { savePlan, serializePlan } from '../../planfile/index.js';
import type { Plan } from '../../plan/model.js';
import { colorWanted, palette } from '../../views/color.js';
import { renderPlan } from '../../views/plan-human.js';
import type { ParsedCommand } from '../args.js';
import { assertLoadable, buildPlan, simulateHosts } from '../build-plan.js';
import type { CliIO } from '../io.js';
import { commandInputs, rejectOutOverInput } from '../out-path.js';
import { savedPlanHint } from '../saved-plan-hint.js';
import { closeTargets, gatherFacts, targetsFromOptions } from '../targets.js';

export async function runPlan(parsed: ParsedCommand, io: CliIO): Promise<number> {
  const { options } = parsed;
  const desiredPath = parsed.positionals[0] ?? DEFAULT_DESIRED_STATE;
  await rejectOutOverInput(options.out, commandInputs(options, desiredPath), 'the plan');
  const loaded = await loadDesiredState(desiredPath, 'plan');
  // Without the simulation a plan makes one call per host, which needs no shared connection.
  const targets = await targetsFromOptions(options, { shareConnection: options.simulate, command: 'plan' });

  try {
    const now = new Date();
    let hosts = await gatherFacts(targets, options.parallelism);
    if (options.simulate) {
      hosts = await simulateHosts(loaded, hosts, now, (host) =>
        io.stderr.write(`Simulating the upgrade on ${host.name} (package lists of the new release in a scratch directory)...\n`),
      );
    }
    // A saved plan names the desired-state file relative to its own folder.
    const plan = buildPlan(loaded, hosts, now, options.out === undefined ? process.cwd() : dirname(resolve(options.out)));

    // Validated before any output, as --out and apply do, so a plan with a
    // name from the host that no plan file can carry is never shown.
    assertLoadable(plan);
    if (options.out !== undefined) {
      await savePlan(plan, options.out);
    }
    if (options.json) {
      io.stdout.write(serializePlan(plan));
    } else {
      io.stdout.write(renderPlan(plan, { palette: palette(colorWanted(io.stdout, options.noColor, io.env)) }));
    }
    if (options.out !== undefined && !options.json) {
      io.stdout.write(savedPlanHint(plan, options.out));
    }

    return planExitCode(plan, options.detailedExitcode);
  } finally {
    await closeTargets(targets);
  }
}

/** 1 when the plan cannot be applied; with --detailed-exitcode, 2 when it has changes and 0 when not. */
export function planExitCode(plan: Plan, detailed: boolean): number {
  if (plan.errored) {
    return 1;
  }
  if (detailed && plan.actions.length > 0) {
    return 2;
  }

  return 0;
}

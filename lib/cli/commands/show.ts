/**
 * `pmgup show PLAN.json`: render a saved plan, after validating it, exactly
 * as `pmgup plan` showed it when it was made.
 */
import { UserError } from '../../errors.js';
import { loadPlan, serializePlan } from '../../planfile/index.js';
import { colorWanted, palette } from '../../views/color.js';
import { renderPlan } from '../../views/plan-human.js';
import type { ParsedCommand } from '../args.js';
import type { CliIO } from '../io.js';

export async function runShow(parsed: ParsedCommand, io: CliIO): Promise<number> {
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) {
    throw new UserError('pmgup show needs exactly one plan file', 'Usage: pmgup show PLAN.json [--json]');
  }

  const plan = await loadPlan(file, 'show');
  if (parsed.options.json) {
    io.stdout.write(serializePlan(plan));
  } else {
    io.stdout.write(renderPlan(plan, { palette: palette(colorWanted(io.stdout, parsed.options.noColor, io.env)) }));
  }

  return plan.errored ? 1 : 0;
}

/**
 * `pmgup apply`: converge the hosts. With a desired-state file it plans,
 * shows the plan and asks before changing anything (or takes
 * --auto-approve); with a saved plan it applies exactly that plan, which
 * apply first checks against the live hosts and refuses when stale.
 */
import { hostname, userInfo } from 'node:os';

import { applyPlan, awaitRunningSteps, forceUnlock, type ApplyReporter, type RemainingChange } from '../../apply/index.js';
import { DEFAULT_DESIRED_STATE, loadDesiredState } from '../../config/load.js';
import { UserError } from '../../errors.js';
import { planHost } from '../../plan/index.js';
import type { Plan } from '../../plan/model.js';
import { loadPlan, readPlanDesiredState, type PlanDesiredState } from '../../planfile/index.js';
import type { Transport } from '../../transport/types.js';
import { TOOL_VERSION } from '../../version.js';
import { colorWanted, palette } from '../../views/color.js';
import { renderPlan } from '../../views/plan-human.js';
import { JsonProgressReporter } from '../../views/progress-json.js';
import { ListrProgressReporter } from '../../views/progress-listr.js';
import { PlainProgressReporter } from '../../views/progress-plain.js';
import type { ParsedCommand } from '../args.js';
import type { OptionName } from '../option-table.js';
import { assertLoadable, buildPlan, simulateHosts } from '../build-plan.js';
import type { CliIO } from '../io.js';
import { isPlanFile } from '../plan-or-desired.js';
import { closeTargets, gatherFacts, targetsFromOptions, type Target } from '../targets.js';
import { targetsForSavedPlan } from './apply-targets.js';

export async function runApply(parsed: ParsedCommand, io: CliIO): Promise<number> {
  const file = parsed.positionals[0];

  if (parsed.options.forceUnlock) {
    return runForceUnlock(parsed, io);
  }
  if (file !== undefined && (await isPlanFile(file))) {
    rejectPlanningOptions(file, parsed.optionsGiven);
    return applySavedPlan(file, parsed, io);
  }

  return planAndApply(file ?? DEFAULT_DESIRED_STATE, parsed, io);
}

async function planAndApply(desiredPath: string, parsed: ParsedCommand, io: CliIO): Promise<number> {
  const { options } = parsed;
  const loaded = await loadDesiredState(desiredPath, 'apply');
  const targets = await targetsFromOptions(options, { command: 'apply' });
  rejectRecordedFacts(targets);

  try {
    await waitForEarlierSteps(targets, io);
    const now = new Date();
    const probed = await gatherFacts(targets, options.parallelism);
    // The same simulation as pmgup plan, so apply shows and runs the plan an operator reviewed.
    const hosts = options.simulate
      ? await simulateHosts(loaded, probed, now, (host) => io.stderr.write(`Simulating the upgrade on ${host.name}...\n`))
      : probed;
    const plan = buildPlan(loaded, hosts, now);
    if (!options.json) {
      io.stdout.write(renderPlan(plan, { palette: palette(colorWanted(io.stdout, options.noColor, io.env)) }));
    }
    if (plan.errored) {
      return 1;
    }
    if (plan.actions.length === 0) {
      return 0;
    }
    assertLoadable(plan);
    if (!(await approved(parsed, io))) {
      io.stderr.write('Apply cancelled: nothing was changed.\n');
      return 1;
    }

    const transports = new Map(hosts.map((host) => [host.name, host.transport!] as const));

    return await execute(plan, transports, { path: loaded.path, sha256: loaded.sha256 }, parsed, io);
  } finally {
    await closeTargets(targets);
  }
}

/** Options that only shape a new plan, which a saved plan has already settled. */
const PLANNING_OPTIONS: readonly OptionName[] = ['local', 'no-simulate'];

// A saved plan names how each host is reached and was simulated when it was
// made, so these options would be ignored.
function rejectPlanningOptions(file: string, optionsGiven: readonly OptionName[]): void {
  const ignored = optionsGiven.filter((name) => PLANNING_OPTIONS.includes(name));
  if (ignored.length === 0) {
    return;
  }

  const names = ignored.map((name) => `--${name}`).join(', ');
  throw new UserError(
    'Invalid arguments for pmgup apply',
    `${names} ${ignored.length === 1 ? 'does' : 'do'} not apply to a saved plan: ${file} records how each host is reached and whether it was simulated.\n` +
      `Leave ${ignored.length === 1 ? 'it' : 'them'} out to apply the plan as saved, or give a desired-state file (or none, for the shipped one) to plan again.`,
  );
}

// Recorded facts have no connection to the host, so there is nothing to apply them through.
function rejectRecordedFacts(targets: Target[]): void {
  const files = targets.filter((target) => target.transport === null).map((target) => target.factsFile);
  if (files.length === 0) {
    return;
  }

  throw new UserError(
    'pmgup apply needs live hosts',
    `--facts ${files.join(', --facts ')} names recorded facts, which pmgup can plan from but not apply to.\n` +
      'Use --host [USER@]HOST[:PORT] or --local for the host to change; pmgup plan --facts shows the plan without changing anything.',
  );
}

/**
 * Waits for long steps (dist-upgrade, pg_upgradecluster) that an earlier,
 * interrupted apply left running, so the plan is made from their result
 * rather than from a host in the middle of an upgrade.
 */
async function waitForEarlierSteps(targets: Target[], io: CliIO): Promise<void> {
  for (const target of targets) {
    if (target.transport !== null) {
      await awaitRunningSteps(target.transport, (message) => io.stderr.write(`${target.name}: ${message}\n`));
    }
  }
}

async function approved(parsed: ParsedCommand, io: CliIO): Promise<boolean> {
  if (parsed.options.autoApprove) {
    return true;
  }
  if (!io.stdinIsTTY) {
    throw new UserError(
      'No terminal to confirm the apply',
      'pmgup apply asks before it changes a host, and standard input is not a terminal.\n' +
        'Review the plan above, then run again with --auto-approve, or save it with pmgup plan --out FILE\n' +
        'and apply exactly that file with pmgup apply FILE.',
    );
  }

  const answer = await io.ask('\nApply these actions? Only "yes" is accepted: ');

  return answer.trim() === 'yes';
}

async function applySavedPlan(file: string, parsed: ParsedCommand, io: CliIO): Promise<number> {
  const plan = await loadPlan(file, 'apply');
  const desired = await readPlanDesiredState(plan, file);
  const targets = await targetsForSavedPlan(plan, parsed.options);

  try {
    const transports = new Map(targets.map((target) => [target.name, target.transport!] as const));

    return await execute(plan, transports, desired, parsed, io);
  } finally {
    await closeTargets(targets);
  }
}

async function execute(
  plan: Plan,
  transports: Map<string, Transport>,
  desired: PlanDesiredState,
  parsed: ParsedCommand,
  io: CliIO,
): Promise<number> {
  const reporter = chooseReporter(parsed, io);
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);

  try {
    const result = await applyPlan(plan, {
      transports,
      desiredStateSha256: desired.sha256,
      toolVersion: TOOL_VERSION,
      reporter,
      remainingChanges: remainingChangesFor(desired),
      local: { hostname: hostname(), user: userInfo().username, pid: process.pid, isAlive: processAlive },
      signal: controller.signal,
      parallelism: parsed.options.parallelism,
      keepGoing: parsed.options.keepGoing,
    });

    return result.ok ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

/** Returns the `verify` step's check: plan the host again and list what is still to do. */
function remainingChangesFor(desired: PlanDesiredState) {
  return async (host: string, facts: Parameters<typeof planHost>[0]['facts']): Promise<RemainingChange[]> => {
    const loaded = await loadDesiredState(desired.path);
    if (loaded.sha256 !== desired.sha256) {
      return [{ actionId: null, text: `the desired-state file ${desired.path} changed during the apply` }];
    }

    const result = planHost({ name: host, desired: loaded.desired, facts, now: new Date() });
    const pending = result.actions.map((action) => ({ actionId: action.id, text: `${action.id} is still needed: ${action.reason.text}` }));
    const errors = result.diagnostics
      .filter((diagnostic) => diagnostic.severity === 'error')
      .map((diagnostic) => ({ actionId: null, text: `${diagnostic.code}: ${diagnostic.message}` }));

    return [...pending, ...errors];
  };
}

function chooseReporter(parsed: ParsedCommand, io: CliIO): ApplyReporter {
  if (parsed.options.json) {
    return new JsonProgressReporter((text) => io.stdout.write(text));
  }
  if (io.stdout.isTTY && !parsed.options.noColor) {
    return new ListrProgressReporter({ output: io.stdout as NodeJS.WritableStream });
  }

  return new PlainProgressReporter({ write: (text) => io.stdout.write(text) });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function runForceUnlock(parsed: ParsedCommand, io: CliIO): Promise<number> {
  const targets: Target[] = await targetsFromOptions(parsed.options, { command: 'apply' });

  try {
    for (const target of targets) {
      if (target.transport === null) {
        throw new UserError('Cannot unlock recorded facts', `${target.factsFile} is a facts file, not a host.`);
      }
      const removed = await forceUnlock(target.transport);
      const what = removed === null ? 'no lock was held' : `removed the lock: ${removed.raw}`;
      io.stdout.write(`${target.name}: ${what}\n`);
    }

    return 0;
  } finally {
    await closeTargets(targets);
  }
}

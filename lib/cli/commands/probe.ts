/**
 * `pmgup probe`: run the read-only probe on the targets and print or save
 * the facts, so a plan can later be made offline with --facts. With
 * --simulate the facts also carry the upgrade simulation that the desired
 * state (the positional file, or the shipped plan) calls for.
 */
import { DEFAULT_DESIRED_STATE, loadDesiredState } from '../../config/load.js';
import { UserError } from '../../errors.js';
import { saveFacts } from '../../probe/recorded.js';
import type { ParsedCommand } from '../args.js';
import { simulateHosts } from '../build-plan.js';
import type { CliIO } from '../io.js';
import { commandInputs, rejectOutOverInput } from '../out-path.js';
import { closeTargets, gatherFacts, targetsFromOptions } from '../targets.js';

export async function runProbe(parsed: ParsedCommand, io: CliIO): Promise<number> {
  const { options } = parsed;
  if (parsed.positionals[0] !== undefined && !options.simulateRequested) {
    throw new UserError(
      `pmgup probe reads ${parsed.positionals[0]} only with --simulate`,
      'The probe alone does not depend on the desired state. Add --simulate to record the upgrade simulation that the file calls for, ' +
        'or leave the file out.',
    );
  }

  const desiredPath = options.simulateRequested ? (parsed.positionals[0] ?? DEFAULT_DESIRED_STATE) : undefined;
  await rejectOutOverInput(options.out, commandInputs(options, desiredPath), 'the facts');

  // Only --simulate makes a second call per host after the probe.
  const targets = await targetsFromOptions(options, { shareConnection: options.simulateRequested, command: 'probe' });
  if (options.out !== undefined && targets.length > 1) {
    throw new UserError(
      'pmgup probe --out records one host',
      `${targets.length} targets were given. Run pmgup probe once per host, each with its own --out file.`,
    );
  }

  // The desired state is validated before any host is contacted.
  const loaded = desiredPath !== undefined ? await loadDesiredState(desiredPath, 'probe') : null;

  try {
    let hosts = await gatherFacts(targets, options.parallelism);
    if (loaded !== null) {
      hosts = await simulateHosts(loaded, hosts, new Date(), (host) => io.stderr.write(`Simulating the upgrade on ${host.name}...\n`));
    }
    if (options.out !== undefined) {
      await saveFacts(hosts[0].facts, options.out);
      io.stderr.write(`Saved the facts of ${hosts[0].name} to ${options.out}. Plan from them with: pmgup plan --facts ${options.out}\n`);
      return 0;
    }

    const document = hosts.length === 1 ? hosts[0].facts : hosts.map((host) => host.facts);
    io.stdout.write(JSON.stringify(document, null, 2) + '\n');

    return 0;
  } finally {
    await closeTargets(targets);
  }
}

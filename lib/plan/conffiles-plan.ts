/**
 * How the predicted configuration-file questions appear in the plan: one
 * change line per file on the dist-upgrade action, the diagnostics that
 * block the plan (`stop`) or say how good the prediction is, and the
 * resolve-conffiles action that settles every file after the upgrade.
 */
import type { SimulationFacts } from '../probe/facts.js';
import { conffileKey, type ConffileOutcome } from './conffiles.js';
import type { Finding } from './context.js';
import { draft, reason, type Draft } from './draft.js';
import { factKey } from './fact-keys.js';
import type { Change } from './model.js';
import { stepSlug } from './stages.js';

/** Returns one change line per file: who asks, and the answer with the TOML key it comes from. */
export function conffileChanges(outcomes: readonly ConffileOutcome[], simulated: boolean): Change[] {
  const maybe = simulated ? 'may ask: changed locally, new version unknown' : 'may ask (not simulated): changed locally';

  return outcomes.map((outcome) => ({
    subject: `${outcome.path} (${outcome.manager})`,
    before: outcome.prompt === 'yes' ? 'asks: changed locally and by the new package' : maybe,
    after: `${outcome.answer} (${outcome.answerKey})`,
  }));
}

/** Returns an error per file answered `stop`, naming the key that decides it. */
export function stopFindings(outcomes: readonly ConffileOutcome[]): Finding[] {
  return outcomes
    .filter((outcome) => outcome.answer === 'stop')
    .map((outcome) => ({
      code: 'conffile-stop',
      severity: 'error' as const,
      subject: outcome.path,
      message: outcome.reason,
      fix:
        `Compare your ${outcome.path} with the new ${outcome.package}'s (the diff is on the dist-upgrade action unless the plan ran with --no-simulate), ` +
        `then set ${conffileKey(outcome.path)} to "keep" or "maintainer".`,
    }));
}

function simulationFailed(simulation: SimulationFacts): Finding {
  return {
    code: 'upgrade-simulation',
    severity: 'warning',
    subject: `apt-get -s dist-upgrade (${simulation.codename})`,
    message: `The upgrade simulation against ${simulation.codename} failed, so the configuration-file questions are only guessed: ${simulation.upgrade.error}`,
    fix: 'Fix what apt reports (often a repository of the new release that cannot be reached or verified), then run pmgup plan again.',
  };
}

function updateWarnings(simulation: SimulationFacts): Finding[] {
  if (simulation.update.messages.length === 0) {
    return [];
  }

  return [
    {
      code: 'upgrade-simulation-lists',
      severity: simulation.update.ok ? 'notice' : 'warning',
      subject: `apt-get update (${simulation.codename})`,
      message: simulation.update.ok
        ? `apt-get update against the ${simulation.codename} sources reported: ${simulation.update.messages.join(' | ')}`
        : `apt-get update against the ${simulation.codename} sources failed, so the simulation is not used and the configuration-file questions are only guessed: ${simulation.update.messages.join(' | ')}`,
      fix: 'The apt-update step of this plan will report the same; fix the sources or keys it names before applying.',
    },
  ];
}

/**
 * Returns the diagnostics about a simulation that ran: failed, or apt's
 * warnings about the new sources. Without a simulation the change lines of
 * the dist-upgrade say that each question is only possible.
 */
export function predictionFindings(simulation: SimulationFacts | null | undefined): Finding[] {
  if (simulation === null || simulation === undefined) {
    return [];
  }

  return simulation.upgrade.error === null ? updateWarnings(simulation) : [simulationFailed(simulation), ...updateWarnings(simulation)];
}

/**
 * Plans resolve-conffiles for every file the dist-upgrade may ask about:
 * the upgrade keeps every file, then this step installs the maintainer's
 * version for `maintainer` answers and records what happened to each file.
 * The diffs stay on the dist-upgrade action, where the questions are.
 */
export function resolveDraft(outcomes: readonly ConffileOutcome[]): Draft[] {
  if (outcomes.length === 0) {
    return [];
  }

  const maintainer = outcomes.filter((outcome) => outcome.answer === 'maintainer');
  const replaced = maintainer.map((outcome) => outcome.path);

  return [
    draft({
      stage: 'resolve-conffiles',
      slug: stepSlug('resolve-conffiles'),
      step: { kind: 'resolve-conffiles', files: outcomes.map((outcome) => ({ path: outcome.path, answer: outcome.answer! })) },
      reason: reason(
        [...new Set(outcomes.map((outcome) => outcome.answerKey))].join(', '),
        'every configuration file settled as the policy says',
        'the dist-upgrade keeps the local files',
        replaced.length > 0
          ? `The dist-upgrade keeps the local files; the maintainer's versions of ${replaced.join(', ')} are installed afterwards, and every file's outcome is recorded.`
          : 'The dist-upgrade keeps the local files; this step records what happened to each one.',
      ),
      changes: maintainer.map((outcome) => ({ subject: outcome.path, before: 'local version', after: "maintainer's version" })),
      fingerprintKeys: outcomes.map((outcome) => factKey.conffile(outcome.path)),
    }),
  ];
}

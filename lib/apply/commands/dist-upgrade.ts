/**
 * `dist-upgrade`: upgrade every package to the new release, detached from
 * the connection. Changed configuration files are answered without a
 * prompt: `--force-confold` (keep the installed file) unless the plan's
 * default answer is `maintainer`, in which case `--force-confnew`. Files
 * with their own answer are settled afterwards by `resolve-conffiles`; for
 * that, when the default is `maintainer`, every file the plan wants kept
 * is copied to `PATH.pmgup-keep` first, so it can be put back.
 */
import type { ConffileDecision, StepOf } from '../../plan/model.js';
import { shellQuote } from '../../transport/quote.js';
import { aptGet, finishInterruptedDpkg, preamble, type ConffilePolicy } from './shell.js';
import type { DetachedCommand } from './types.js';

/** Suffix of the copy of a file to keep, taken before a `maintainer`-default upgrade. */
export const KEEP_SUFFIX = '.pmgup-keep';

/** Returns how dpkg answers files without their own answer: `stop` cannot prompt, so it keeps. */
export function conffilePolicy(step: StepOf<'dist-upgrade'>): ConffilePolicy {
  return step.conffileDefault === 'maintainer' ? 'maintainer' : 'keep';
}

function saveKeptFiles(files: readonly ConffileDecision[]): string[] {
  return files
    .filter((file) => file.answer === 'keep')
    .map((file) => {
      const path = shellQuote(file.path);

      return `[ ! -f ${path} ] || cp -p -- ${path} ${shellQuote(`${file.path}${KEEP_SUFFIX}`)}`;
    });
}

export function buildDistUpgrade(step: StepOf<'dist-upgrade'>): DetachedCommand {
  const policy = conffilePolicy(step);
  const saves = policy === 'maintainer' ? saveKeptFiles(step.conffiles) : [];

  return {
    mode: 'detached',
    description: 'pmgup: apt-get dist-upgrade to the new release',
    body: [...preamble(policy), ...finishInterruptedDpkg(policy), ...saves, aptGet(['dist-upgrade'], policy)].join(
      '\n',
    ),
  };
}

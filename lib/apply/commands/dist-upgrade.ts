/**
 * `dist-upgrade`: upgrade every package to the new release, detached from
 * the connection. Changed configuration files are answered without a
 * prompt: `--force-confold` (keep the installed file) unless the plan's
 * default answer is `maintainer`, in which case `--force-confnew`. Files
 * with their own answer are settled afterwards by `resolve-conffiles`; for
 * that, when the default is `maintainer`, every file the plan wants kept
 * is copied to `PATH.pmgup-keep` first, so it can be put back.
 */
import { CREATECLUSTER_DIRECTORY, SKIP_MAIN_CLUSTER_DROP_IN } from '../../plan/createcluster-dropin.js';
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

/**
 * Returns the lines that handle pmgup's createcluster.d drop-in. An EXIT
 * trap removes it when the script ends, after apt-get or after any failed
 * command before it. With `skipMainCluster`, the lines write the drop-in
 * first, before a `dpkg --configure -a` that may configure an interrupted
 * postgresql-15. Without it, they remove a drop-in an interrupted earlier
 * run left behind, so the server package creates its cluster as planned.
 * A run killed by a signal leaves the drop-in, which the next run removes.
 */
function mainClusterDropIn(skipMainCluster: boolean): string[] {
  const path = shellQuote(SKIP_MAIN_CLUSTER_DROP_IN);
  const removal = `trap ${shellQuote(`rm -f -- ${path}`)} EXIT`;
  if (!skipMainCluster) {
    return [removal, `rm -f -- ${path}`];
  }

  const temporary = shellQuote(`${SKIP_MAIN_CLUSTER_DROP_IN}.tmp`);
  const content = ['# Written by pmgup for the dist-upgrade and removed when apt-get ends.', 'create_main_cluster = false'];

  return [
    removal,
    `mkdir -p -- ${shellQuote(CREATECLUSTER_DIRECTORY)}`,
    `printf '%s\\n' ${content.map(shellQuote).join(' ')} > ${temporary}`,
    `chmod 0644 -- ${temporary}`,
    `mv -f -- ${temporary} ${path}`,
  ];
}

export function buildDistUpgrade(step: StepOf<'dist-upgrade'>): DetachedCommand {
  const policy = conffilePolicy(step);
  const saves = policy === 'maintainer' ? saveKeptFiles(step.conffiles) : [];
  const lines = [
    ...preamble(policy),
    ...mainClusterDropIn(step.skipMainCluster === true),
    ...finishInterruptedDpkg(policy),
    ...saves,
    aptGet(['dist-upgrade'], policy),
  ];

  return {
    mode: 'detached',
    description: 'pmgup: apt-get dist-upgrade to the new release',
    body: lines.join('\n'),
  };
}

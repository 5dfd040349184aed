/**
 * `early-upgrade`: upgrade, while the mail services still run, the packages
 * that PMG, Postfix, PostgreSQL, ClamAV and Perl do not need to change
 * with, so the dist-upgrade in the mail downtime has fewer packages left.
 * It runs `apt-get upgrade --with-new-pkgs`, which installs new packages
 * but never removes one, with every held package pinned below zero for the
 * target release's suites. The pins go into a preferences file of pmgup's
 * own that starts with the host's /etc/apt/preferences, passed with
 * `-o Dir::Etc::preferences`, so the host's apt configuration is not
 * changed. Detached, like the other long package steps.
 */
import type { StepOf } from '../../plan/model.js';
import { shellQuote } from '../../transport/quote.js';
import { aptGet, finishInterruptedDpkg, preamble, STATE_DIR } from './shell.js';
import type { DetachedCommand } from './types.js';

/** The preferences file the step writes and passes to apt-get. */
export const EARLY_PREFERENCES = `${STATE_DIR}/early-upgrade.pref`;

/** Returns the suites of a release that carry its packages. */
export function releaseSuites(codename: string): string[] {
  return ['', '-updates', '-security', '-backports', '-proposed-updates'].map((suffix) => `${codename}${suffix}`);
}

function pinLines(step: StepOf<'early-upgrade'>): string[] {
  const packages = step.hold.join(' ');

  return [
    `{ cat /etc/apt/preferences 2>/dev/null || true; for suite in ${releaseSuites(step.codename).map(shellQuote).join(' ')}; do`,
    `  printf '\\nPackage: %s\\nPin: release n=%s\\nPin-Priority: -1\\n' ${shellQuote(packages)} "$suite"`,
    `done; } > ${shellQuote(EARLY_PREFERENCES)}`,
  ];
}

export function buildEarlyUpgrade(step: StepOf<'early-upgrade'>): DetachedCommand {
  const upgrade = aptGet(['-o', `Dir::Etc::preferences=${EARLY_PREFERENCES}`, '--with-new-pkgs', 'upgrade']);

  return {
    mode: 'detached',
    description: 'pmgup: upgrade the packages the mail services do not use, before the downtime',
    body: [...preamble(), ...finishInterruptedDpkg(), `mkdir -p ${STATE_DIR}`, ...pinLines(step), upgrade].join('\n'),
  };
}

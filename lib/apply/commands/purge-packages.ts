/**
 * `purge-packages`: purge packages and their configuration. Purging a
 * PostgreSQL server package (`postgresql-NN`) also drops every cluster of
 * that major, data included. So for each such package the script first
 * checks on the live host that the target major, not NN, serves the PMG
 * database on port 5432.
 */
import type { StepOf } from '../../plan/model.js';
import { selectKnownPackages } from './packages.js';
import { requireDatabaseServed } from './pg-guards.js';
import { aptOptionWords, preamble, script } from './shell.js';
import { INLINE_TIMEOUT_MS, type BuildContext, type InlineCommand } from './types.js';

/** Returns the PostgreSQL major of a server package name, or null for any other package. */
export function serverMajor(packageName: string): number | null {
  const match = /^postgresql-(\d+)$/.exec(packageName);

  return match ? Number(match[1]) : null;
}

export function buildPurgePackages(step: StepOf<'purge-packages'>, context: BuildContext): InlineCommand {
  const guards = step.packages.flatMap((name) => {
    const major = serverMajor(name);

    return major === null ? [] : requireDatabaseServed(context.postgres, `purge ${name}`, major);
  });

  return {
    mode: 'inline',
    timeoutMs: INLINE_TIMEOUT_MS,
    script: script([
      ...preamble(),
      ...guards,
      ...selectKnownPackages(step.packages),
      `[ "$#" -eq 0 ] || apt-get ${aptOptionWords()} purge "$@" </dev/null`,
    ]),
  };
}

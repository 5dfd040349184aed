/**
 * Unified diffs between the operator's configuration file and the
 * maintainer's new version, for the files the dist-upgrade asks about.
 * Both texts come from the simulation; files whose names suggest secrets
 * are never read, so they get no diff.
 */
import { createTwoFilesPatch } from 'diff';

import type { HostFacts } from '../probe/facts.js';
import type { ConffileOutcome } from './conffiles.js';
import type { FileDiff } from './model.js';

/** The plan schema's limit for one diff. */
const MAX_DIFF_LENGTH = 1_048_576;

// simulate.sh rejects the same paths in its secret_path function, so a
// request built elsewhere cannot read them either. Keep the two alike.
const SECRET_PATH = [
  /^\/etc\/ssl\/private\//i,
  /^\/etc\/apt\/auth\.conf/i,
  /\.key$/i,
  /secret/i,
  /passw/i,
  /shadow/i,
  /credential/i,
  /token/i,
  /^\/etc\/ppp\//i,
  /^\/etc\/pmg\/pmg-(api|tls)\.pem$/i,
  /^\/etc\/ssh\/ssh_host_.*_key$/i,
  /^\/root\/\.ssh\//i,
];

/**
 * Returns whether a file's name suggests secrets in it, so the simulation
 * must not send its content. Case is ignored, as in simulate.sh.
 */
export function mayHoldSecrets(path: string): boolean {
  return SECRET_PATH.some((pattern) => pattern.test(path));
}

/** Returns the diff of `before` (the operator's file) and `after` (the maintainer's), cut to the plan's limit. */
export function conffileDiff(path: string, before: string, after: string, newLabel: string, oldLabel = 'yours'): FileDiff {
  const patch = createTwoFilesPatch(path, path, before, after, oldLabel, newLabel);
  if (patch.length <= MAX_DIFF_LENGTH) {
    return { path, diff: patch };
  }

  const note = '\n... diff cut at 1 MiB; compare the files on the host after the upgrade.\n';

  return { path, diff: patch.slice(0, MAX_DIFF_LENGTH - note.length) + note };
}

/** Returns the text the operator's file will have when dpkg asks: the planned edit, else the file now. */
function currentText(facts: HostFacts, path: string, planned: ReadonlyMap<string, string>): string | null {
  const edited = planned.get(path);
  if (edited !== undefined) {
    return edited;
  }

  return facts.simulation?.current.find((file) => file.path === path)?.content ?? null;
}

function deletedLocally(facts: HostFacts, path: string): boolean {
  const fact = facts.conffiles.find((item) => item.path === path) ?? facts.simulation?.ucf.find((item) => item.path === path);

  return fact !== undefined && fact.currentMd5 === null;
}

/**
 * Returns one diff per file that will be asked about (prompt `yes`) when
 * both versions are known as text. A file deleted locally diffs from empty.
 */
export function conffileDiffs(facts: HostFacts, outcomes: readonly ConffileOutcome[], planned: ReadonlyMap<string, string>): FileDiff[] {
  return outcomes
    .filter((outcome) => outcome.prompt === 'yes' && !mayHoldSecrets(outcome.path))
    .flatMap((outcome) => {
      const next = facts.simulation?.files.find((file) => file.path === outcome.path)?.content ?? null;
      const before = deletedLocally(facts, outcome.path) ? '' : currentText(facts, outcome.path, planned);
      if (next === null || before === null) {
        return [];
      }

      return [conffileDiff(outcome.path, before, next, `maintainer (new ${outcome.package})`)];
    });
}

/**
 * What dpkg will do with a configuration file (conffile) when the package is
 * upgraded, following dpkg's rules (deb-conffiles(5)): it asks only when the
 * file was changed locally AND the new package ships a different version
 * than the one installed. Otherwise it installs the new version silently
 * (unchanged locally), keeps the local file (unchanged upstream), or keeps
 * the file as obsolete (no longer shipped). A locally deleted file counts as
 * a local change. ucf, which manages files such as sshd_config that a
 * postinst generates, follows the same rules with the checksum it records.
 * When the new package's file is not known (no simulation), every locally
 * changed file may be asked about.
 */
import type { Desired } from '../config/desired.js';
import type { ConffileFact } from '../probe/facts.js';
import type { ConffileDecision } from './model.js';

/** Knowledge of the new package's version of the file. */
export type NewConffile =
  | { kind: 'shipped'; md5: string }
  /** Shipped, but no longer as a conffile: dpkg replaces it like any file. */
  | { kind: 'plain'; md5: string }
  | { kind: 'not-shipped' }
  /** The dist-upgrade does not install a new version of the package. */
  | { kind: 'not-upgraded' }
  | { kind: 'unknown' };

export type ConffileAnswer = ConffileDecision['answer'];

/** The outcome when dpkg does not ask. */
export type SilentOutcome = 'install-new' | 'keep-local' | 'identical' | 'obsolete';

export interface ConffileOutcome {
  path: string;
  package: string;
  /** Who asks: dpkg for a conffile, ucf for a file a postinst generates. */
  manager: 'dpkg' | 'ucf';
  locallyModified: boolean;
  /** `yes`: dpkg asks; `may`: it asks if the new package changed the file; `no`: it does not ask. */
  prompt: 'yes' | 'may' | 'no';
  /** What happens without a prompt, or null when dpkg asks. */
  silent: SilentOutcome | null;
  /** The answer for the prompt, or null when dpkg does not ask. */
  answer: ConffileAnswer | null;
  /** The TOML key the answer comes from: `conffiles.files."PATH"` or `conffiles.default`. */
  answerKey: string | null;
  /** One sentence for the plan. */
  reason: string;
}

/** The md5 dpkg records while a new conffile is unpacked but not yet configured. */
const NEW_CONFFILE_MARK = 'newconffile';

/** Returns the TOML key that sets the answer for one file. */
export function conffileKey(path: string): string {
  return `conffiles.files."${path}"`;
}

function answerFor(path: string, desired: Desired): { answer: ConffileAnswer; key: string } {
  const answer = desired.conffiles.files[path];
  if (answer !== undefined) {
    return { answer, key: conffileKey(path) };
  }

  return { answer: desired.conffiles.default, key: 'conffiles.default' };
}

/** Why dpkg asks about a file or not, before any text is built. */
type Verdict =
  | { prompt: 'no'; silent: SilentOutcome; why: 'not-upgraded' | 'not-shipped' | 'identical' | 'plain' | 'unchanged' | 'same-upstream' }
  | { prompt: 'yes' | 'may'; why: 'unknown' | 'different' };

function isUnpacking(fact: ConffileFact): boolean {
  return fact.recordedMd5 === NEW_CONFFILE_MARK;
}

function isLocallyModified(fact: ConffileFact): boolean {
  return isUnpacking(fact) ? fact.currentMd5 !== null : fact.currentMd5 !== fact.recordedMd5;
}

/** Applies dpkg's rules to one file. Plans call it for every conffile, so it builds no text. */
function judge(fact: ConffileFact, newFile: NewConffile): Verdict {
  if (newFile.kind === 'not-upgraded') {
    return { prompt: 'no', silent: 'keep-local', why: 'not-upgraded' };
  }
  if (newFile.kind === 'not-shipped') {
    return { prompt: 'no', silent: 'obsolete', why: 'not-shipped' };
  }
  if ((newFile.kind === 'shipped' || newFile.kind === 'plain') && newFile.md5 === fact.currentMd5) {
    return { prompt: 'no', silent: 'identical', why: 'identical' };
  }
  if (newFile.kind === 'plain') {
    return { prompt: 'no', silent: 'install-new', why: 'plain' };
  }
  if (!isLocallyModified(fact)) {
    return { prompt: 'no', silent: 'install-new', why: 'unchanged' };
  }
  if (newFile.kind === 'unknown') {
    return { prompt: 'may', why: 'unknown' };
  }
  if (!isUnpacking(fact) && newFile.md5 === fact.recordedMd5) {
    return { prompt: 'no', silent: 'keep-local', why: 'same-upstream' };
  }

  return { prompt: 'yes', why: 'different' };
}

/** Returns whether dpkg (or ucf) asks, or may ask, about the file. */
export function mayAsk(fact: ConffileFact, newFile: NewConffile): boolean {
  return judge(fact, newFile).prompt !== 'no';
}

/** Decides what dpkg does with one conffile and which answer the plan gives it. */
export function decideConffile(
  fact: ConffileFact,
  newFile: NewConffile,
  desired: Desired,
  manager: ConffileOutcome['manager'] = 'dpkg',
): ConffileOutcome {
  const verdict = judge(fact, newFile);
  const base = { path: fact.path, package: fact.package, manager, locallyModified: isLocallyModified(fact) };
  const change = fact.currentMd5 === null ? 'was deleted locally' : 'was changed locally';

  if (verdict.prompt === 'no') {
    const reasons: Record<typeof verdict.why, string> = {
      'not-upgraded': `The dist-upgrade installs no new ${fact.package}, so ${fact.path} is left as it is.`,
      'not-shipped': `${fact.path} is no longer shipped by ${fact.package}; dpkg leaves it in place as obsolete.`,
      identical: `${fact.path} already matches the new version.`,
      plain: `The new ${fact.package} ships ${fact.path} as a plain file, so dpkg replaces it without asking${base.locallyModified ? ', and the local changes are lost' : ''}.`,
      unchanged: `${fact.path} is unchanged locally, so dpkg installs the new version without asking.`,
      'same-upstream': `${fact.path} ${change} and the new ${fact.package} ships the same version, so dpkg keeps the local file.`,
    };

    return { ...base, prompt: 'no', silent: verdict.silent, answer: null, answerKey: null, reason: reasons[verdict.why] };
  }

  const { answer, key } = answerFor(fact.path, desired);
  const reason =
    verdict.why === 'unknown'
      ? `${fact.path} ${change}; ${manager} asks about it if the new ${fact.package} changes it, which is not known before the upgrade.`
      : `${fact.path} ${change} and the new ${fact.package} ships a different version, so ${manager} asks.`;

  return { ...base, prompt: verdict.prompt, silent: null, answer, answerKey: key, reason: `${reason} Answer: ${answer} (${key}).` };
}

function byPath(left: ConffileOutcome, right: ConffileOutcome): number {
  if (left.path === right.path) {
    return 0;
  }

  return left.path < right.path ? -1 : 1;
}

/** Returns the outcome of every conffile dpkg may ask about, in path order, with unknown new versions. */
export function promptedConffiles(
  conffiles: readonly ConffileFact[],
  desired: Desired,
  alsoModified: ReadonlySet<string> = new Set(),
): ConffileOutcome[] {
  return conffiles
    .filter((fact) => !fact.obsolete)
    .map((fact) => {
      // A file the plan itself edits before the upgrade will be changed locally by then.
      return alsoModified.has(fact.path) ? { ...fact, currentMd5: `planned-edit:${fact.path}` } : fact;
    })
    .filter((fact) => mayAsk(fact, { kind: 'unknown' }))
    .map((fact) => decideConffile(fact, { kind: 'unknown' }, desired))
    .sort(byPath);
}

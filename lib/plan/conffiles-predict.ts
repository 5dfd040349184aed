/**
 * Prediction of the configuration-file questions of the dist-upgrade, for
 * dpkg's conffiles and the files ucf manages. With a simulation it is
 * exact, from the new packages' files. Without one, every locally changed
 * file "may ask".
 */
import { createHash } from 'node:crypto';

import type { Desired } from '../config/desired.js';
import type { ConffileFact, HostFacts, UcfFileFact } from '../probe/facts.js';
import { decideConffile, mayAsk, type ConffileOutcome } from './conffiles.js';
import { newConffile, newUcfFile, usableSimulation } from './conffiles-new.js';

export interface ConffilePrediction {
  /** The outcomes come from the new packages' files, not from the "may ask" guess. */
  simulated: boolean;
  /** Files dpkg or ucf asks about (prompt `yes`) or may ask about (`may`), in path order. */
  outcomes: ConffileOutcome[];
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

function byPath(left: ConffileOutcome, right: ConffileOutcome): number {
  if (left.path === right.path) {
    return 0;
  }

  return left.path < right.path ? -1 : 1;
}

function ucfFact(entry: UcfFileFact): ConffileFact {
  // Without a recorded checksum ucf treats any existing file as changed.
  return { path: entry.path, package: entry.package, recordedMd5: entry.recordedMd5 ?? '-', currentMd5: entry.currentMd5, obsolete: false };
}

/**
 * Files the policy answers `maintainer` that the facts do not list as
 * dpkg conffiles, such as sshd_config, which ucf manages. Without a
 * simulation pmgup cannot see them, so they are planned as "may ask" and
 * resolve-conffiles installs the maintainer's version when ucf left one.
 */
function unseenPolicyFiles(facts: HostFacts, desired: Desired): ConffileOutcome[] {
  const known = new Set(facts.conffiles.map((fact) => fact.path));

  return Object.entries(desired.conffiles.files)
    .filter(([path, answer]) => answer === 'maintainer' && !known.has(path))
    .map(([path]) => {
      const fact: ConffileFact = { path, package: 'its package', recordedMd5: '-', currentMd5: null, obsolete: false };
      const outcome = decideConffile(fact, { kind: 'unknown' }, desired, 'ucf');
      const reason = `${path} is not a dpkg conffile; if a package's ucf leaves a new version of it, resolve-conffiles installs it. Answer: maintainer (${outcome.answerKey}).`;

      return { ...outcome, package: '-', locallyModified: true, reason };
    });
}

/**
 * Predicts the questions of the dist-upgrade. `planned` maps files this
 * plan writes before the upgrade (apt sources) to their planned content,
 * which dpkg then sees instead of the file on disk.
 */
export function predictConffiles(facts: HostFacts, desired: Desired, planned: ReadonlyMap<string, string>): ConffilePrediction {
  const simulation = facts.simulation;
  // Only files dpkg may ask about get an outcome: a host has hundreds of conffiles, and the plan keeps none of the others.
  const dpkg = facts.conffiles
    .filter((fact) => !fact.obsolete)
    .flatMap((fact) => {
      const content = planned.get(fact.path);
      const seen = content === undefined ? fact : { ...fact, currentMd5: md5(content) };
      const next = newConffile(simulation, seen);

      return mayAsk(seen, next) ? [decideConffile(seen, next, desired)] : [];
    });
  const ucf = usableSimulation(simulation)
    ? simulation.ucf.map((entry) => decideConffile(ucfFact(entry), newUcfFile(simulation, entry), desired, 'ucf'))
    : unseenPolicyFiles(facts, desired);
  const outcomes = [...dpkg, ...ucf].filter((outcome) => outcome.prompt !== 'no').sort(byPath);

  return { simulated: usableSimulation(simulation), outcomes };
}

/**
 * The stages of the upgrade procedure in their official order, and which
 * earlier stages each one must follow. A stage is a step kind, except that
 * the cluster daemons get their own unmask and start stages at the very end.
 * The order breaks ties in the topological sort; the must-follow table
 * produces each action's `dependsOn`.
 */
import { createHash } from 'node:crypto';

export const STAGES = [
  // A cluster member planned with its cluster stops and masks pmgmirror and
  // pmgtunnel first, because every member must hold them stopped before the
  // first member changes anything.
  'stop-cluster-units',
  'repair-dpkg',
  'backup',
  'fix-template',
  'edit-apt-sources',
  'remove-packages',
  'apt-update',
  'download-packages',
  // Packages the mail services do not use are upgraded while mail still
  // runs, so the dist-upgrade in the downtime has fewer left.
  'early-upgrade',
  // Pinning interface names is independent of the mail services, so it sits
  // before the stop and adds nothing to the mail downtime.
  'pin-interface-names',
  'stop-units',
  'dist-upgrade',
  'resolve-conffiles',
  'remove-template-override',
  'disable-units',
  'drop-pg-cluster',
  'upgrade-pg-cluster',
  'unmask-units',
  'start-units',
  'reboot',
  'verify',
  'purge-packages',
  'unmask-cluster-units',
  'start-cluster-units',
] as const;

export type Stage = (typeof STAGES)[number];

/** Returns the position of a stage in the procedure: lower runs first when the graph allows both. */
export function stageRank(stage: Stage): number {
  return STAGES.indexOf(stage);
}

const EVERY_EARLIER = 'every-earlier';

/**
 * The stages each stage must follow. When a listed stage plans nothing, the
 * action follows that stage's own predecessors instead, so an edge is never
 * lost because a step in between was already done.
 */
const MUST_FOLLOW: Record<Stage, readonly Stage[] | typeof EVERY_EARLIER> = {
  'stop-cluster-units': [],
  'repair-dpkg': ['stop-cluster-units'],
  backup: ['repair-dpkg'],
  'fix-template': ['backup'],
  'edit-apt-sources': ['backup'],
  'remove-packages': ['backup'],
  'apt-update': ['edit-apt-sources'],
  // The download resolves the same dependencies as the dist-upgrade, so it
  // waits for the removals and the new lists.
  'download-packages': ['apt-update', 'remove-packages'],
  'early-upgrade': ['download-packages'],
  'pin-interface-names': ['backup'],
  // Downloads and template fixes finish before the mail stops, so a failed
  // download stops nothing and neither adds to the downtime.
  'stop-units': ['download-packages', 'early-upgrade', 'fix-template'],
  'dist-upgrade': ['stop-units', 'early-upgrade', 'download-packages', 'repair-dpkg'],
  'resolve-conffiles': ['dist-upgrade'],
  // The override goes only once the new PMG's template is in place.
  'remove-template-override': ['dist-upgrade'],
  'disable-units': ['dist-upgrade'],
  'drop-pg-cluster': ['dist-upgrade', 'stop-units'],
  'upgrade-pg-cluster': ['drop-pg-cluster', 'dist-upgrade', 'stop-units'],
  'unmask-units': ['upgrade-pg-cluster', 'resolve-conffiles', 'remove-template-override', 'fix-template'],
  'start-units': ['unmask-units', 'upgrade-pg-cluster', 'resolve-conffiles', 'remove-template-override', 'fix-template'],
  reboot: ['unmask-units', 'start-units', 'disable-units', 'resolve-conffiles', 'remove-template-override', 'pin-interface-names'],
  verify: EVERY_EARLIER,
  'purge-packages': ['verify'],
  'unmask-cluster-units': ['purge-packages', 'verify'],
  'start-cluster-units': ['unmask-cluster-units'],
};

/** Returns the stages a stage must follow, expanding "every earlier stage". */
export function predecessorsOf(stage: Stage): readonly Stage[] {
  const listed = MUST_FOLLOW[stage];

  return listed === EVERY_EARLIER ? STAGES.slice(0, stageRank(stage)) : listed;
}

const SLUG_CHARACTER = /[^a-z0-9.:/_-]/g;
const MAX_SLUG_LENGTH = 200;

/**
 * Builds the step part of an action id: `dist-upgrade`, or
 * `edit-apt-sources:/etc/apt/sources.list` with a subject. Characters the id
 * pattern does not allow (upper case, `@`, `+`) are replaced, and a short
 * hash of the subject is appended whenever that happened, so two subjects
 * never share an id.
 */
export function stepSlug(kind: string, subject?: string): string {
  if (subject === undefined) {
    return kind;
  }

  const cleaned = subject.toLowerCase().replace(SLUG_CHARACTER, '-');
  let slug = `${kind}:${cleaned}`;
  if (cleaned !== subject || slug.length > MAX_SLUG_LENGTH) {
    const hash = createHash('sha256').update(subject).digest('hex').slice(0, 8);
    slug = `${slug.slice(0, MAX_SLUG_LENGTH - 9)}-${hash}`;
  }

  return slug;
}

const CLUSTER_STAGES: Record<string, Stage> = {
  'stop-units': 'stop-cluster-units',
  'unmask-units': 'unmask-cluster-units',
  'start-units': 'start-cluster-units',
};

/**
 * Returns the stage of an action from its kind and id: the cluster daemons'
 * stop, unmask and start carry the `:cluster` suffix. Used for actions read
 * back from a plan file, which do not record their stage.
 */
export function stageOfAction(action: { id: string; step: { kind: string } }): Stage {
  const { kind } = action.step;
  if (action.id.endsWith(':cluster') && Object.hasOwn(CLUSTER_STAGES, kind)) {
    return CLUSTER_STAGES[kind]!;
  }

  return STAGES.includes(kind as Stage) ? (kind as Stage) : 'verify';
}

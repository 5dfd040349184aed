/**
 * How each step kind reads in the human views: its effect symbol, a short
 * title and the subject it acts on. The map covers every kind, so a new kind
 * fails to compile until it is described here.
 */
import type { Step, StepKind, StepOf } from '../plan/model.js';

/** What a step does to the host, shown as a symbol in front of it. */
export type Effect = 'add' | 'change' | 'remove' | 'run';

export const EFFECT_SYMBOLS: Record<Effect, string> = {
  add: '+',
  change: '~',
  remove: '-',
  run: '>',
};

export const EFFECT_LEGEND: Record<Effect, string> = {
  add: 'add or start',
  change: 'change in place',
  remove: 'remove, stop or drop',
  run: 'run a command',
};

interface StepDescription<K extends StepKind> {
  effect: Effect;
  title: string;
  subject: (step: StepOf<K>) => string;
}

type Descriptions = { [K in StepKind]: StepDescription<K> };

const list = (items: readonly string[]) => items.join(', ');

const DESCRIPTIONS: Descriptions = {
  'repair-dpkg': { effect: 'change', title: 'finish interrupted dpkg run', subject: () => 'dpkg --configure -a' },
  backup: { effect: 'run', title: 'back up PMG', subject: () => 'pmgbackup backup' },
  'fix-template': {
    effect: 'change',
    title: 'remove obsolete settings from template',
    subject: (step) => `${step.path} (${list(step.removeSettings)})`,
  },
  'edit-apt-sources': {
    effect: 'change',
    title: 'edit apt sources',
    subject: (step) => (step.beforeSha256 === null ? `${step.path} (new file)` : step.path),
  },
  'remove-packages': { effect: 'remove', title: 'remove packages', subject: (step) => list(step.packages) },
  'apt-update': { effect: 'run', title: 'refresh package lists', subject: () => 'apt-get update' },
  'download-packages': {
    effect: 'run',
    title: 'download packages before the downtime',
    subject: () => 'apt-get dist-upgrade --download-only',
  },
  'early-upgrade': {
    effect: 'change',
    title: 'upgrade packages the mail services do not use, before the downtime',
    subject: (step) => `apt-get --with-new-pkgs upgrade, holding ${list(step.hold)}`,
  },
  'stop-units': {
    effect: 'remove',
    title: 'stop and mask units',
    subject: (step) => `${list(step.units)}${step.mask ? ' (masked)' : ''}`,
  },
  'dist-upgrade': {
    effect: 'change',
    title: 'upgrade to the new release',
    subject: (step) =>
      `apt-get dist-upgrade, configuration files: ${step.conffileDefault} by default${
        step.skipMainCluster === true ? ', no empty main cluster from the new PostgreSQL (create_main_cluster = false while apt-get runs)' : ''
      }`,
  },
  'resolve-conffiles': {
    effect: 'change',
    title: 'settle configuration files',
    subject: (step) => list(step.files.map((file) => `${file.path} (${file.answer})`)),
  },
  'remove-template-override': {
    effect: 'remove',
    title: 'remove template override',
    subject: (step) => `${step.path} (kept as ${step.movedTo})`,
  },
  'disable-units': { effect: 'remove', title: 'disable units', subject: (step) => list(step.units) },
  'drop-pg-cluster': {
    effect: 'remove',
    title: 'drop empty PostgreSQL cluster',
    subject: (step) => `${step.version}/${step.name}${step.ifExists ? ' (once the upgrade creates it)' : ''}`,
  },
  'upgrade-pg-cluster': {
    effect: 'change',
    title: 'upgrade PostgreSQL cluster',
    subject: (step) =>
      `${step.fromVersion}/${step.name} to ${step.toVersion}/${step.name} (method ${step.method}, database ${step.database})`,
  },
  'unmask-units': {
    effect: 'add',
    title: 'unmask units',
    subject: (step) => `${list(step.units)}${step.start ? ' and start them' : ''}`,
  },
  'start-units': { effect: 'add', title: 'start units', subject: (step) => list(step.units) },
  reboot: {
    effect: 'run',
    title: 'reboot',
    subject: (step) => `expect ${step.expectCodename} within ${step.timeoutSeconds} s`,
  },
  verify: { effect: 'run', title: 'verify the end state', subject: () => 're-probe and compare' },
  'purge-packages': { effect: 'remove', title: 'purge packages', subject: (step) => list(step.packages) },
  'pin-interface-names': {
    effect: 'add',
    title: 'pin interface names',
    subject: (step) => list(step.links.map((link) => `${link.name}=${link.mac}`)),
  },
};

/** Returns the effect, title and subject of a step. */
export function describeStep(step: Step): { effect: Effect; title: string; subject: string } {
  const description = DESCRIPTIONS[step.kind] as StepDescription<StepKind>;

  return {
    effect: description.effect,
    title: description.title,
    subject: description.subject(step as never),
  };
}

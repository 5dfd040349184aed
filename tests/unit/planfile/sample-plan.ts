/**
 * Plans for the plan-file tests: one that uses every step kind, and a small
 * one for the golden file. Each call returns a fresh object.
 */
import type { Action, Plan, Step } from '../../../lib/plan/model.js';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

/** Returns one step of every kind in the schema, in the order the procedure runs them. */
export function everyStep(): Step[] {
  return [
    { kind: 'repair-dpkg' },
    { kind: 'backup' },
    {
      kind: 'fix-template',
      path: '/etc/pmg/templates/postgresql.conf.in',
      beforeSha256: SHA_A,
      removeSettings: ['stats_temp_directory'],
    },
    {
      kind: 'edit-apt-sources',
      path: '/etc/apt/sources.list',
      format: 'list',
      beforeSha256: SHA_B,
      edits: [
        { op: 'replace-suite', line: 1, from: 'bullseye', to: 'bookworm' },
        { op: 'add-component', line: 1, component: 'non-free-firmware' },
        { op: 'replace-component', line: 3, from: 'non-free', to: 'non-free-firmware' },
        { op: 'disable', line: 5 },
        {
          op: 'append-entry',
          uri: 'http://download.proxmox.com/debian/pmg',
          suite: 'bookworm',
          components: ['pmg-no-subscription'],
        },
      ],
    },
    {
      kind: 'edit-apt-sources',
      path: '/etc/apt/sources.list.d/pmg.sources',
      format: 'sources',
      beforeSha256: null,
      edits: [{ op: 'disable', line: 2 }],
    },
    { kind: 'remove-packages', packages: ['linux-image-amd64'] },
    { kind: 'apt-update' },
    { kind: 'download-packages' },
    { kind: 'stop-units', units: ['postfix.service', 'pmgproxy.service'], mask: true },
    {
      kind: 'dist-upgrade',
      conffileDefault: 'keep',
      conffiles: [{ path: '/etc/ssh/sshd_config', answer: 'maintainer' }],
    },
    { kind: 'resolve-conffiles', files: [{ path: '/etc/issue', answer: 'keep' }] },
    { kind: 'disable-units', units: ['clamav-clamonacc.service'] },
    { kind: 'drop-pg-cluster', version: 15, name: 'main', ifExists: true },
    {
      kind: 'upgrade-pg-cluster',
      name: 'main',
      fromVersion: 13,
      toVersion: 15,
      method: 'dump',
      database: 'Proxmox_ruledb',
    },
    { kind: 'unmask-units', units: ['postfix.service', 'pmgproxy.service'], start: true },
    { kind: 'start-units', units: ['pmgproxy.service'] },
    { kind: 'reboot', expectCodename: 'bookworm', timeoutSeconds: 900 },
    { kind: 'verify' },
    { kind: 'purge-packages', packages: ['postgresql-13', 'postgresql-client-13'] },
    { kind: 'pin-interface-names', links: [{ name: 'eth0', mac: '52:54:00:12:34:56' }] },
    { kind: 'early-upgrade', codename: 'bookworm', hold: ['pmg-*', 'postfix', 'lib*-perl'] },
    {
      kind: 'remove-template-override',
      path: '/etc/pmg/templates/main.cf.in',
      beforeSha256: 'c'.repeat(64),
      movedTo: '/etc/pmg/templates/main.cf.in.pmgup-removed',
    },
  ];
}

/** Returns an action on host `pmg1` with the given step; its id is `pmg1/<kind>-<index>`. */
export function action(step: Step, index: number, dependsOn: string[]): Action {
  return {
    id: `pmg1/${step.kind}-${index}`,
    host: 'pmg1',
    reason: {
      attribute: 'release.codename',
      desired: 'bookworm',
      actual: 'bullseye',
      text: `Step ${index} of the upgrade.`,
    },
    changes: [
      { subject: `subject ${index}`, before: index % 2 === 0 ? null : 'old', after: 'new' },
    ],
    dependsOn,
    downtime: index > 7,
    destructive: step.kind === 'drop-pg-cluster' || step.kind === 'purge-packages',
    fileDiffs:
      step.kind === 'edit-apt-sources'
        ? [{ path: step.path, diff: '-deb x bullseye main\n+deb x bookworm main\n' }]
        : [],
    fingerprintKeys: ['os.codename', 'units[postfix.service]'],
    step,
  };
}

/** Returns a plan with one action per step kind, each depending on the one before. */
export function fullPlan(): Plan {
  const actions = everyStep().map((step, index, all) =>
    action(step, index, index === 0 ? [] : [`pmg1/${all[index - 1]!.kind}-${index - 1}`]),
  );

  return {
    formatVersion: 2,
    tool: { name: 'pmgup', version: '0.1.0' },
    createdAt: '2026-12-01T10:00:00Z',
    desiredState: { relativeTo: 'plan-file', path: '../desired/pmg-8.toml', sha256: SHA_A },
    hosts: [
      {
        name: 'pmg1',
        target: 'ssh:root@pmg1:22',
        hostname: 'pmg1',
        machineId: '0123456789abcdef0123456789abcdef',
        phase: 'pre-upgrade',
        fingerprints: {
          'units[postfix.service]': SHA_B,
          'os.codename': SHA_A,
          'postgres.clusters[15/main]': 'absent',
        },
      },
    ],
    actions,
    diagnostics: [
      {
        host: 'pmg1',
        code: 'apt-third-party',
        severity: 'warning',
        subject: '/etc/apt/sources.list.d/extra.list',
        message: 'A third-party repository still names bullseye.',
        fix: 'Set apt.third_party.',
        location: { file: '/etc/apt/sources.list.d/extra.list', line: 1 },
      },
      {
        host: 'pmg1',
        code: 'pmg-api-version',
        severity: 'pass',
        subject: 'pmg-api',
        message: 'pmg-api 7.3-12 is recent enough.',
      },
    ],
    errored: false,
    applyable: true,
  };
}

/** Returns a plan of three actions for the golden file, with keys deliberately out of schema order. */
export function smallPlan(): Plan {
  const backup = action({ kind: 'backup' }, 0, []);
  const update = action({ kind: 'apt-update' }, 1, ['pmg1/backup-0']);
  const stop = action({ kind: 'stop-units', units: ['postfix.service'], mask: true }, 2, [
    'pmg1/apt-update-1',
  ]);
  const shuffled = (a: Action): Action => {
    const { step, id, ...rest } = a;

    return { step, ...rest, id } as Action;
  };

  return {
    applyable: true,
    errored: false,
    diagnostics: [],
    actions: [shuffled(backup), update, stop],
    hosts: [
      {
        fingerprints: { 'units[postfix.service]': SHA_B, 'os.codename': SHA_A },
        name: 'pmg1',
        target: 'ssh:root@pmg1:22',
        hostname: 'pmg1',
        machineId: '0123456789abcdef0123456789abcdef',
        phase: 'pre-upgrade',
      },
    ],
    desiredState: { sha256: SHA_A, path: 'pmg-8.toml', relativeTo: 'plan-file' },
    createdAt: '2026-12-01T10:00:00Z',
    tool: { version: '0.1.0', name: 'pmgup' },
    formatVersion: 2,
  };
}

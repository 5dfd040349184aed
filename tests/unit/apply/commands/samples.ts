/** One representative step of every kind, for the builder tests. The type requires every kind. */
import type { StepKind, StepOf } from '../../../../lib/plan/model.js';
import type { BuildContext } from '../../../../lib/apply/commands/types.js';

export const CONTEXT: BuildContext = { planId: '0123456789ab', postgres: { database: 'Proxmox_ruledb', major: 15 } };

export const SAMPLES: { [K in StepKind]: StepOf<K> } = {
  'repair-dpkg': { kind: 'repair-dpkg' },
  backup: { kind: 'backup' },
  'fix-template': {
    kind: 'fix-template',
    path: '/etc/pmg/templates/postgresql.conf.in',
    beforeSha256: 'a'.repeat(64),
    removeSettings: ['stats_temp_directory'],
  },
  'edit-apt-sources': {
    kind: 'edit-apt-sources',
    path: '/etc/apt/sources.list',
    format: 'list',
    beforeSha256: 'b'.repeat(64),
    edits: [{ op: 'replace-suite', line: 1, from: 'bullseye', to: 'bookworm' }],
  },
  'remove-packages': { kind: 'remove-packages', packages: ['linux-image-amd64'] },
  'apt-update': { kind: 'apt-update' },
  'download-packages': { kind: 'download-packages' },
  'early-upgrade': { kind: 'early-upgrade', codename: 'bookworm', hold: ['pmg-*', 'postfix', 'lib*-perl'] },
  'stop-units': { kind: 'stop-units', units: ['postfix.service', 'pmgproxy.service'], mask: true },
  'dist-upgrade': {
    kind: 'dist-upgrade',
    conffileDefault: 'keep',
    conffiles: [
      { path: '/etc/issue', answer: 'keep' },
      { path: '/etc/ssh/sshd_config', answer: 'maintainer' },
    ],
    skipMainCluster: true,
  },
  'resolve-conffiles': {
    kind: 'resolve-conffiles',
    files: [
      { path: '/etc/issue', answer: 'keep' },
      { path: '/etc/ssh/sshd_config', answer: 'maintainer' },
      { path: '/etc/default/grub', answer: 'stop' },
    ],
  },
  'remove-template-override': {
    kind: 'remove-template-override',
    path: '/etc/pmg/templates/postgresql.conf.in',
    beforeSha256: 'c'.repeat(64),
    movedTo: '/etc/pmg/templates/postgresql.conf.in.pmgup-removed',
  },
  'disable-units': { kind: 'disable-units', units: ['clamav-clamonacc.service'] },
  'drop-pg-cluster': { kind: 'drop-pg-cluster', version: 15, name: 'main', ifExists: true },
  'upgrade-pg-cluster': {
    kind: 'upgrade-pg-cluster',
    name: 'main',
    fromVersion: 13,
    toVersion: 15,
    method: 'dump',
    database: 'Proxmox_ruledb',
  },
  'unmask-units': { kind: 'unmask-units', units: ['postfix.service', 'pmgproxy.service'], start: true },
  'start-units': { kind: 'start-units', units: ['pmgmirror.service'] },
  reboot: { kind: 'reboot', expectCodename: 'bookworm', timeoutSeconds: 900 },
  verify: { kind: 'verify' },
  'purge-packages': { kind: 'purge-packages', packages: ['postgresql-13', 'postgresql-client-13'] },
  'pin-interface-names': { kind: 'pin-interface-names', links: [{ name: 'eth0', mac: '52:54:00:12:34:56' }] },
};

/**
 * The command at the heart of each step, named in error reports instead of
 * the whole generated script (which the diagnostic log records).
 */
import type { Step, StepKind, StepOf } from '../../plan/model.js';

type Names = { [K in StepKind]: (step: StepOf<K>) => string };

const NAMES: Names = {
  'repair-dpkg': () => 'dpkg --configure -a',
  backup: () => 'pmgbackup backup',
  'fix-template': (step) => `rewrite ${step.path}`,
  'edit-apt-sources': (step) => `rewrite ${step.path}`,
  'remove-packages': (step) => `apt-get remove ${step.packages.join(' ')}`,
  'apt-update': () => 'apt-get update',
  'download-packages': () => 'apt-get --download-only dist-upgrade',
  'early-upgrade': (step) => `apt-get --with-new-pkgs upgrade (holding ${step.hold.join(' ')})`,
  'stop-units': (step) => `systemctl stop${step.mask ? ' + mask' : ''} ${step.units.join(' ')}`,
  'dist-upgrade': () => 'apt-get dist-upgrade',
  'resolve-conffiles': (step) => `settle ${step.files.map((file) => file.path).join(' ')}`,
  'remove-template-override': (step) => `mv ${step.path} ${step.movedTo}`,
  'disable-units': (step) => `systemctl disable --now ${step.units.join(' ')}`,
  'drop-pg-cluster': (step) => `pg_dropcluster --stop ${step.version} ${step.name}`,
  'upgrade-pg-cluster': (step) => `pg_upgradecluster -v ${step.toVersion} -m ${step.method} ${step.fromVersion} ${step.name}`,
  'unmask-units': (step) => `systemctl unmask${step.start ? ' + start' : ''} ${step.units.join(' ')}`,
  'start-units': (step) => `systemctl start ${step.units.join(' ')}`,
  reboot: () => 'systemctl reboot',
  verify: () => 'probe and compare',
  'purge-packages': (step) => `apt-get purge ${step.packages.join(' ')}`,
  'pin-interface-names': (step) => `write ${step.links.length} .link file(s) in /etc/systemd/network`,
};

export function mainCommand(step: Step): string {
  return (NAMES[step.kind] as (step: Step) => string)(step);
}

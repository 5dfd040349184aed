/**
 * Short descriptions of a step's subject (the file, units, packages or
 * cluster it acts on), for graph labels and one-line listings.
 */
import type { Step } from './model.js';

const MAX_LISTED = 3;

function list(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');

  return items.length > MAX_LISTED ? `${shown} +${items.length - MAX_LISTED} more` : shown;
}

/** Returns what a step acts on, or an empty string for steps that act on the whole host. */
export function stepSubject(step: Step): string {
  switch (step.kind) {
    case 'fix-template':
    case 'edit-apt-sources':
    case 'remove-template-override':
      return step.path;
    case 'early-upgrade':
      return `holding ${list(step.hold)}`;
    case 'remove-packages':
    case 'purge-packages':
      return list(step.packages);
    case 'stop-units':
    case 'disable-units':
    case 'unmask-units':
    case 'start-units':
      return list(step.units);
    case 'dist-upgrade':
      return step.conffiles.length > 0 ? `${step.conffiles.length} conffile answers` : '';
    case 'resolve-conffiles':
      return list(step.files.map((file) => file.path));
    case 'drop-pg-cluster':
      return `${step.version}/${step.name}${step.ifExists ? ' (if created)' : ''}`;
    case 'upgrade-pg-cluster':
      return `${step.fromVersion}/${step.name} -> ${step.toVersion}/${step.name} (${step.method})`;
    case 'reboot':
      return `expect ${step.expectCodename}`;
    case 'pin-interface-names':
      return list(step.links.map((link) => link.name));
    case 'repair-dpkg':
    case 'backup':
    case 'apt-update':
    case 'download-packages':
    case 'verify':
      return '';
  }
}

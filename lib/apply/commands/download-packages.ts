/**
 * `download-packages`: fetch every package the dist-upgrade needs into
 * apt's cache while the mail services still run, so the downtime does not
 * include the download. Runs detached because it can take long.
 */
import type { StepOf } from '../../plan/model.js';
import { aptGet, finishInterruptedDpkg, preamble } from './shell.js';
import type { DetachedCommand } from './types.js';

export function buildDownloadPackages(_step: StepOf<'download-packages'>): DetachedCommand {
  return {
    mode: 'detached',
    description: 'pmgup: download the packages of the dist-upgrade',
    body: [...preamble(), ...finishInterruptedDpkg(), aptGet(['--download-only', 'dist-upgrade'])].join('\n'),
  };
}

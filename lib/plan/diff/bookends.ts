/**
 * The steps that frame the others: a fresh backup before the first change
 * of an untouched host, and a verification after the last change.
 */
import type { PlanContext } from '../context.js';
import { draft, reason, type Draft } from '../draft.js';
import { stepSlug } from '../stages.js';

/** Returns the newest backup archive modified within `backup.max_age_hours` of `now`, or null. */
function freshBackup(context: PlanContext) {
  const maxAgeSeconds = context.desired.backup.max_age_hours * 3600;
  const now = Math.floor(context.now.getTime() / 1000);

  return context.facts.pmg.backups.find((archive) => now - archive.modifiedAt < maxAgeSeconds) ?? null;
}

/** Plans the backup when the host is untouched, something else is planned and no archive is fresh. */
export function planBackup(context: PlanContext, otherActions: number): Draft[] {
  const { backup } = context.desired;
  if (!backup.required || context.phase !== 'pre-upgrade' || otherActions === 0 || freshBackup(context) !== null) {
    return [];
  }

  const newest = context.facts.pmg.backups[0];
  const actual = newest
    ? `newest archive ${newest.path} is older than ${backup.max_age_hours} h`
    : 'no archive in /var/lib/pmg/backup';

  return [
    draft({
      stage: 'backup',
      slug: stepSlug('backup'),
      step: { kind: 'backup' },
      reason: reason(
        'backup.required',
        `an archive younger than ${backup.max_age_hours} h`,
        actual,
        'The upgrade changes the system and the database, so a fresh PMG backup comes first.',
      ),
      changes: [{ subject: '/var/lib/pmg/backup', before: newest?.path ?? null, after: 'new archive' }],
      fingerprintKeys: ['pmg.backups'],
    }),
  ];
}

export function planVerify(otherActions: number): Draft[] {
  if (otherActions === 0) {
    return [];
  }

  return [
    draft({
      stage: 'verify',
      slug: stepSlug('verify'),
      step: { kind: 'verify' },
      reason: reason(
        'procedure: check the result',
        'every desired attribute holds',
        'not yet checked',
        'After the changes, the host is probed again and compared with the desired state.',
      ),
    }),
  ];
}

/**
 * Pending package updates (pmg7to8 check 1): the host must be fully updated
 * within PMG 7 before the release upgrade. Reads `apt.pending`, the probe's
 * `apt-get -s dist-upgrade` against the lists apt has now.
 */
import type { Check, Finding } from './context.js';
import { diagnostic, listNames } from './context.js';

const CODE = 'package-updates';
const SUBJECT = 'apt-get dist-upgrade';

/** Reports failed simulations in every phase and pending updates before the release upgrade only. */
export const checkPackageUpdates: Check = (facts, desired, context) => {
  const pending = facts.apt.pending;

  if (pending.error !== null) {
    // Before the upgrade the simulation runs against the old release's lists,
    // so a failure means the host cannot even update within PMG 7.
    const blocking = context.phase === 'pre-upgrade';
    return [
      diagnostic(context, {
        code: CODE,
        severity: blocking ? 'error' : 'warning',
        subject: SUBJECT,
        message: `The simulated dist-upgrade failed: ${firstLine(pending.error)}`,
        fix: 'Run `apt-get -s dist-upgrade` on the host, fix the reported problem (usually a broken dependency or an unreachable repository), then plan again.',
      }),
    ];
  }

  return [
    diagnostic(
      context,
      pendingFinding(
        pending.install.map((entry) => entry.name),
        listsFromTarget(facts.apt.listedSuites, desired.release.codename),
        context.phase,
      ),
    ),
  ];
};

function pendingFinding(names: string[], targetLists: boolean, phase: string): Finding {
  if (phase !== 'pre-upgrade') {
    return {
      code: CODE,
      severity: 'skip',
      subject: SUBJECT,
      message: 'Pending updates are checked before the upgrade only.',
    };
  }
  if (targetLists) {
    return {
      code: CODE,
      severity: 'skip',
      subject: SUBJECT,
      message:
        'apt already has package lists of the new release, so the pending changes are the release upgrade itself, not PMG 7 updates.',
    };
  }
  if (names.length === 0) {
    return {
      code: CODE,
      severity: 'pass',
      subject: SUBJECT,
      message: 'All packages are up to date within the current release.',
    };
  }

  return {
    code: CODE,
    severity: 'warning',
    subject: SUBJECT,
    message: `${names.length} package(s) have pending updates within the current release: ${listNames([...names].sort())}.`,
    fix: 'Bring PMG 7 fully up to date first: `apt update && apt dist-upgrade` with the current sources, then plan again.',
  };
}

/** Returns whether apt holds Release files of the target release, named like `deb.debian.org_debian_dists_bookworm`. */
function listsFromTarget(listedSuites: string[], codename: string): boolean {
  const suffix = new RegExp(`_dists_${codename}(?:[-_]|$)`);

  return listedSuites.some((name) => suffix.test(name));
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/**
 * Free space on `/` (pmg7to8 check 11) and in apt's package cache before
 * the dist-upgrade. The 5 GB floor (decimal, as pmg7to8 uses) applies to
 * `/`, and to the cache when the upgrade was not simulated. With the
 * simulation, the cache needs the download the dist-upgrade still has to
 * fetch plus 10 %.
 */
import type { Check, CheckContext } from './context.js';
import { diagnostic, formatSize, releaseUpgraded } from './context.js';
import { diskFor } from './disk.js';
import type { HostFacts } from '../../probe/facts.js';
import type { Diagnostic } from '../model.js';

export const MIN_FREE_BYTES = 5_000_000_000;
const APT_ARCHIVES = '/var/cache/apt/archives';

/** Reports free space on `/`, and on apt's cache while the release upgrade is ahead. */
export const checkFreeSpace: Check = (facts, desired, context) => {
  const results = [rootSpace(facts, context)];
  if (!releaseUpgraded(facts, desired)) {
    results.push(aptCacheSpace(facts, context));
  }

  return results;
};

function rootSpace(facts: HostFacts, context: CheckContext): Diagnostic {
  const root = diskFor(facts, '/');

  if (root === null) {
    return diagnostic(context, {
      code: 'root-free-space',
      severity: 'warning',
      subject: '/',
      message:
        'The facts hold no free-space entry for /, so pmgup cannot tell whether the upgrade fits.',
      fix: 'Check `df -h /` on the host; the upgrade needs at least 5 GB free there.',
    });
  }
  if (root.availableBytes < MIN_FREE_BYTES) {
    return diagnostic(context, {
      code: 'root-free-space',
      severity: 'warning',
      subject: '/',
      message: `Only ${formatSize(root.availableBytes)} are free on / (mounted at ${root.mountPoint}); the upgrade needs at least 5.0 GB.`,
      fix: 'Free space on / (`apt clean`, old kernels, logs in /var/log) before the upgrade.',
    });
  }

  return diagnostic(context, {
    code: 'root-free-space',
    severity: 'pass',
    subject: '/',
    message: `${formatSize(root.availableBytes)} are free on /.`,
  });
}

/** Returns the bytes the dist-upgrade still downloads plus 10 %, or null without a simulation. */
export function downloadNeed(facts: HostFacts): number | null {
  const simulation = facts.simulation;
  if (simulation === null || simulation === undefined || !simulation.update.ok || simulation.upgrade.error !== null) {
    return null;
  }

  return Math.ceil((simulation.download.bytes - simulation.download.cachedBytes) * 1.1);
}

function aptCacheSpace(facts: HostFacts, context: CheckContext): Diagnostic {
  const cache = diskFor(facts, APT_ARCHIVES);
  const root = diskFor(facts, '/');

  if (cache === null) {
    return diagnostic(context, {
      code: 'apt-cache-free-space',
      severity: 'notice',
      subject: APT_ARCHIVES,
      message: `The facts hold no free-space entry for ${APT_ARCHIVES}, where the dist-upgrade downloads its packages.`,
      fix: `Check \`df -h ${APT_ARCHIVES}\` on the host.`,
    });
  }
  if (root !== null && cache.mountPoint === root.mountPoint) {
    return diagnostic(context, {
      code: 'apt-cache-free-space',
      severity: 'pass',
      subject: APT_ARCHIVES,
      message: `${APT_ARCHIVES} is on the / filesystem, so the check of / covers it.`,
    });
  }
  const need = downloadNeed(facts);
  const required = need ?? MIN_FREE_BYTES;
  if (cache.availableBytes < required) {
    const basis =
      need === null
        ? 'without a simulation of the upgrade pmgup does not know the download size, so it asks for 5.0 GB'
        : `the simulated dist-upgrade downloads ${formatSize(need, 'up')} including a 10 % margin`;
    return diagnostic(context, {
      code: 'apt-cache-free-space',
      severity: need === null ? 'warning' : 'error',
      subject: APT_ARCHIVES,
      message: `Only ${formatSize(cache.availableBytes)} are free on ${cache.mountPoint}, which contains ${APT_ARCHIVES}; ${basis}.`,
      fix: `Free space on ${cache.mountPoint} (\`apt clean\` empties the cache) before the upgrade.`,
    });
  }

  return diagnostic(context, {
    code: 'apt-cache-free-space',
    severity: 'pass',
    subject: APT_ARCHIVES,
    message:
      `${formatSize(cache.availableBytes)} are free on ${cache.mountPoint}, which contains ${APT_ARCHIVES}` +
      (need === null ? '.' : `; the dist-upgrade downloads ${formatSize(need, 'up')} including a 10 % margin.`),
  });
}

/**
 * Packages on hold. Before the release upgrade every hold is an error,
 * because apt keeps a held package at its old-release version through the
 * dist-upgrade and the upgrade stops half done. After it, holds on PMG,
 * PostgreSQL, Postfix or ClamAV packages still matter; other holds are
 * the operator's business. pmg7to8 has no such check.
 */
import type { Check } from './context.js';
import { diagnostic, listNames, releaseUpgraded } from './context.js';

const CODE = 'apt-held';
const CRITICAL = /^(proxmox-mailgateway|pmg-|libpmg|postgresql|postfix|clamav|libclamav)/;

/** Reports held packages the upgrade has to move. */
export const checkHeldPackages: Check = (facts, desired, context) => {
  const held = [...facts.apt.held].sort();

  if (held.length === 0) {
    return [
      diagnostic(context, {
        code: CODE,
        severity: 'pass',
        subject: 'apt-mark',
        message: 'No package is on hold.',
      }),
    ];
  }
  if (!releaseUpgraded(facts, desired)) {
    return [
      diagnostic(context, {
        code: CODE,
        severity: 'error',
        subject: held.join(', '),
        message: `${listNames(held)} ${held.length === 1 ? 'is' : 'are'} on hold, so the dist-upgrade to ${desired.release.codename} would leave ${held.length === 1 ? 'it' : 'them'} at the ${desired.release.from} version.`,
        fix: `Run \`apt-mark unhold ${held.join(' ')}\`, then plan again.`,
      }),
    ];
  }

  const critical = held.filter((name) => CRITICAL.test(name));
  const others = held.filter((name) => !CRITICAL.test(name));
  const results = [];
  if (critical.length > 0) {
    results.push(
      diagnostic(context, {
        code: CODE,
        severity: context.phase === 'post-upgrade' ? 'warning' : 'error',
        subject: critical.join(', '),
        message: `${listNames(critical)} ${critical.length === 1 ? 'is' : 'are'} on hold, so apt does not update ${critical.length === 1 ? 'it' : 'them'} with the rest of PMG.`,
        fix: `Run \`apt-mark unhold ${critical.join(' ')}\`, then plan again.`,
      }),
    );
  }
  if (others.length > 0) {
    results.push(
      diagnostic(context, {
        code: CODE,
        severity: 'notice',
        subject: others.join(', '),
        message: `${listNames(others)} ${others.length === 1 ? 'is' : 'are'} on hold.`,
      }),
    );
  }

  return results;
};

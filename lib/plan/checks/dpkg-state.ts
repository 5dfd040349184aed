/**
 * Unfinished dpkg work: an interrupted run, packages left unpacked or
 * half-configured, and packages dpkg marks for reinstallation. The plan
 * runs `dpkg --configure -a` before anything else (a repair-dpkg step), so
 * the first kinds are warnings. That command cannot reinstall a package, so
 * a reinstallation blocks the plan. pmg7to8 has no such check.
 */
import type { HostFacts, PackageFact } from '../../probe/facts.js';
import type { Check } from './context.js';
import { diagnostic } from './context.js';

const CODE = 'dpkg-state';
const UNFINISHED: PackageFact['status'][] = [
  'half-installed',
  'unpacked',
  'half-configured',
  'triggers-awaited',
  'triggers-pending',
];

/** Reports packages and dpkg runs that did not finish. */
export const checkDpkgState: Check = (facts, _desired, context) => {
  const reinstall = packageNames(facts, (fact) => fact.reinstallRequired);
  const unfinished = packageNames(
    facts,
    (fact) => UNFINISHED.includes(fact.status) && !fact.reinstallRequired,
  );
  const results = [];

  if (reinstall.length > 0) {
    results.push(
      diagnostic(context, {
        code: CODE,
        severity: 'error',
        subject: reinstall.join(', '),
        message: `dpkg marks ${reinstall.map((name) => describePackage(facts, name)).join(', ')} as needing reinstallation, which \`dpkg --configure -a\` cannot do.`,
        fix: `Run \`apt-get install --reinstall ${reinstall.join(' ')}\` (or \`dpkg -i\` with the .deb files), check \`dpkg --audit\`, then plan again.`,
      }),
    );
  }

  const problems = [
    ...(facts.dpkg.interrupted ? ['an earlier dpkg run was interrupted'] : []),
    ...(unfinished.length > 0
      ? [
          `unfinished packages: ${unfinished.map((name) => describePackage(facts, name)).join(', ')}`,
        ]
      : []),
    ...(facts.dpkg.auditLines.length > 0 && unfinished.length === 0
      ? [`dpkg --audit reports: ${facts.dpkg.auditLines.join(' ').trim()}`]
      : []),
  ];
  if (problems.length > 0) {
    results.push(
      diagnostic(context, {
        code: CODE,
        severity: 'warning',
        subject: 'dpkg',
        message: `dpkg has unfinished work: ${problems.join('; ')}.`,
        fix: 'The plan runs `dpkg --configure -a` first and checks `dpkg --audit` afterwards; to do it by hand, run the same.',
      }),
    );
  }

  if (results.length === 0) {
    results.push(
      diagnostic(context, {
        code: CODE,
        severity: 'pass',
        subject: 'dpkg',
        message: 'No package is half-installed or half-configured.',
      }),
    );
  }

  return results;
};

function packageNames(facts: HostFacts, test: (fact: PackageFact) => boolean): string[] {
  return Object.entries(facts.packages)
    .filter(([, fact]) => test(fact))
    .map(([name]) => name)
    .sort();
}

function describePackage(facts: HostFacts, name: string): string {
  const fact = facts.packages[name];

  return `${name} ${fact.version} (${fact.status})`;
}

/**
 * repair-dpkg: finish an interrupted dpkg run (`dpkg --configure -a`) before
 * anything else touches packages, because apt refuses to work until then.
 */
import type { PackageFact } from '../../probe/facts.js';
import type { PlanContext } from '../context.js';
import { draft, reason, type Draft } from '../draft.js';
import { factKey } from '../fact-keys.js';
import { stepSlug } from '../stages.js';

const BROKEN_STATES: ReadonlySet<PackageFact['status']> = new Set([
  'half-installed',
  'unpacked',
  'half-configured',
  'triggers-awaited',
  'triggers-pending',
]);

/** Returns the packages dpkg left half done, by name. */
export function brokenPackages(context: PlanContext): string[] {
  return Object.entries(context.facts.packages)
    .filter(([, fact]) => BROKEN_STATES.has(fact.status) || fact.reinstallRequired)
    .map(([name]) => name)
    .sort();
}

/** Returns whether dpkg must be repaired before apt can run. */
export function dpkgNeedsRepair(context: PlanContext): boolean {
  const { dpkg } = context.facts;

  return dpkg.interrupted || dpkg.auditLines.length > 0 || brokenPackages(context).length > 0;
}

export function planRepair(context: PlanContext): Draft[] {
  if (!dpkgNeedsRepair(context)) {
    return [];
  }

  const broken = brokenPackages(context);
  const { dpkg } = context.facts;
  const actual = [
    dpkg.interrupted ? 'an interrupted dpkg run' : null,
    dpkg.auditLines.length > 0 ? `${dpkg.auditLines.length} dpkg --audit findings` : null,
    broken.length > 0 ? `half-done packages: ${broken.join(', ')}` : null,
  ].filter((part) => part !== null).join('; ');

  return [
    draft({
      stage: 'repair-dpkg',
      slug: stepSlug('repair-dpkg'),
      step: { kind: 'repair-dpkg' },
      reason: reason(
        'procedure: dpkg consistent before the upgrade',
        'no interrupted dpkg run',
        actual,
        `dpkg reports ${actual}, so apt cannot run until dpkg --configure -a finishes it.`,
      ),
      changes: broken.map((name) => ({ subject: name, before: context.facts.packages[name].status, after: 'installed' })),
      fingerprintKeys: ['dpkg.interrupted', 'dpkg.auditLines', ...broken.map(factKey.package)],
    }),
  ];
}

/**
 * The unit steps around the upgrade: stop and mask the services before it,
 * and disable the units that must not run (clamav-clamonacc) after it.
 */
import type { UnitFact } from '../../probe/facts.js';
import { isMasked, type PlanContext } from '../context.js';
import { draft, reason, type Draft } from '../draft.js';
import { factKey } from '../fact-keys.js';
import { stepSlug } from '../stages.js';

export function unitState(fact: UnitFact | undefined): string {
  if (fact === undefined) {
    return 'not probed';
  }

  return `${fact.loadState}/${fact.activeState}/${fact.unitFileState || 'unknown'}`;
}

/** Unit state after `systemctl mask` and stop, in unitState's form. */
export const MASKED_STATE = 'masked/inactive/masked';

/**
 * Returns one change per unit, from its state now, or from `before` for the
 * units an earlier step of the plan changes, to `after`.
 */
export function stateChanges(context: PlanContext, units: string[], after: string, before: (unit: string) => string | undefined = () => undefined) {
  return units.map((unit) => ({ subject: unit, before: before(unit) ?? unitState(context.facts.units[unit]), after }));
}

/** Units to stop and mask: every stop unit that is not already masked and inactive. */
export function unitsToStop(context: PlanContext): string[] {
  return context.stopUnits.filter((unit) => {
    const fact = context.facts.units[unit];
    return !(isMasked(fact) && fact?.activeState === 'inactive');
  });
}

export function planStop(context: PlanContext, units: string[]): Draft[] {
  if (units.length === 0) {
    return [];
  }

  return [
    draft({
      stage: 'stop-units',
      slug: stepSlug('stop-units'),
      step: { kind: 'stop-units', units, mask: true },
      reason: reason(
        'procedure: stop and mask services before the upgrade',
        'stopped and masked',
        units.map((unit) => `${unit} ${unitState(context.facts.units[unit])}`).join(', '),
        'Postfix and the PMG services must not change the database during the upgrade; mail queues at the sending servers meanwhile.',
      ),
      changes: stateChanges(context, units, MASKED_STATE),
      fingerprintKeys: context.stopUnits.map(factKey.unit),
    }),
  ];
}

/** Unit state after `systemctl disable --now`, in unitState's form. */
const DISABLED_STATE = 'loaded/inactive/disabled';

const ENABLED_STATES = new Set(['enabled', 'enabled-runtime', 'linked', 'linked-runtime', 'alias']);

function shouldDisable(fact: UnitFact | undefined, predicted: boolean): boolean {
  if (fact !== undefined && (fact.loadState === 'masked' || fact.unitFileState === 'masked')) {
    return false;
  }
  if (predicted) {
    return true;
  }
  if (fact === undefined || fact.loadState === 'not-found') {
    return false;
  }

  return ENABLED_STATES.has(fact.unitFileState) || fact.activeState === 'active' || fact.activeState === 'failed';
}

export function planDisable(context: PlanContext, distUpgradePlanned: boolean): Draft[] {
  const units = context.disabledUnits.filter((unit) =>
    shouldDisable(context.facts.units[unit], distUpgradePlanned),
  );
  if (units.length === 0) {
    return [];
  }

  const predicted = distUpgradePlanned
    ? ' The bookworm ClamAV packages may enable clamav-clamonacc during the dist-upgrade, so the step runs after it whatever the unit looks like now.'
    : '';
  return [
    draft({
      stage: 'disable-units',
      slug: stepSlug('disable-units'),
      step: { kind: 'disable-units', units },
      reason: reason(
        'services.disabled',
        'disabled and inactive',
        units.map((unit) => `${unit} ${unitState(context.facts.units[unit])}`).join(', '),
        `These units must be disabled and stopped.${predicted}`,
      ),
      changes: stateChanges(context, units, DISABLED_STATE, (unit) => {
        const now = unitState(context.facts.units[unit]);
        return distUpgradePlanned && now === DISABLED_STATE ? `${now} now, maybe enabled by the dist-upgrade` : undefined;
      }),
      fingerprintKeys: context.disabledUnits.map(factKey.unit),
    }),
  ];
}

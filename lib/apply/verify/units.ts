/** Effect checks of the unit steps, read from `units[...]` in the facts. */
import type { StepOf } from '../../plan/model.js';
import type { UnitFact } from '../../probe/facts.js';
import type { EffectContext, Mismatch } from './context.js';

function describe(unit: string, fact: UnitFact): string {
  return `${unit} is ${fact.loadState}, ${fact.activeState} (${fact.subState}), unit file ${fact.unitFileState || 'unknown'}`;
}

function eachUnit(units: readonly string[], context: EffectContext, check: (fact: UnitFact) => boolean): Mismatch[] {
  return units.flatMap((unit) => {
    const fact = context.after.units[unit];
    if (fact === undefined) {
      return [`${unit} is not among the units the probe reports, so its state cannot be checked`];
    }

    return check(fact) ? [] : [describe(unit, fact)];
  });
}

export function checkStopUnits(step: StepOf<'stop-units'>, context: EffectContext): Mismatch[] {
  return eachUnit(step.units, context, (fact) => {
    const stopped = fact.activeState === 'inactive';

    return step.mask ? stopped && fact.loadState === 'masked' : stopped;
  }).map((text) => `${text}; expected inactive${step.mask ? ' and masked' : ''}`);
}

export function checkDisableUnits(step: StepOf<'disable-units'>, context: EffectContext): Mismatch[] {
  return eachUnit(step.units, context, (fact) => {
    if (fact.loadState === 'not-found') {
      return true;
    }

    const off = ['disabled', 'masked', 'static', ''].includes(fact.unitFileState);

    return off && fact.activeState === 'inactive';
  }).map((text) => `${text}; expected disabled and inactive`);
}

export function checkUnmaskUnits(step: StepOf<'unmask-units'>, context: EffectContext): Mismatch[] {
  return eachUnit(step.units, context, (fact) => {
    const unmasked = fact.loadState !== 'masked';

    return step.start ? unmasked && fact.activeState === 'active' : unmasked;
  }).map((text) => `${text}; expected unmasked${step.start ? ' and active' : ''}`);
}

export function checkStartUnits(step: StepOf<'start-units'>, context: EffectContext): Mismatch[] {
  return eachUnit(step.units, context, (fact) => fact.activeState === 'active').map(
    (text) => `${text}; expected active`,
  );
}

/**
 * The convergence property: a host stopped after any step of the procedure
 * plans exactly the remaining steps, and a finished host plans nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { stepOf } from '../../../lib/plan/model.js';
import { asClusterMember, clone, withClusterUnitsUnmasked } from '../../support/facts.js';
import { procedureStates, procedureStatesWithoutDrop, type ProcedureState } from './scenarios.js';
import { actionOf, codes, plan, planWithChecks, slugs } from './support.js';

/** Tests that each state plans its remaining steps and that the last state is done. */
function convergenceTests(states: () => ProcedureState[]): void {
  for (const state of states()) {
    test(`${state.name} plans the remaining steps`, () => {
      const result = plan(state.facts);

      assert.deepEqual(slugs(result), state.remaining);
      assert.deepEqual(codes(result).filter((code) => code.startsWith('error:')), []);
    });
  }

  test('finished host plans nothing and is done', () => {
    const finished = states().at(-1)!.facts;
    const result = plan(finished);

    assert.deepEqual(result.actions, []);
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.host.phase, 'done');
  });
}

describe('planHost() convergence', () => {
  convergenceTests(procedureStates);

  test('finished host has no checklist errors', () => {
    const finished = procedureStates().at(-1)!.facts;
    const result = planWithChecks(finished);
    const errors = result.diagnostics.filter((item) => item.severity === 'error');
    const warnings = result.diagnostics.filter((item) => item.severity === 'warning');

    assert.deepEqual(errors.map((item) => `${item.code}: ${item.message}`), []);
    // The hand-built host keeps time with systemd-timesyncd, which the checklist advises against.
    assert.deepEqual(warnings.map((item) => item.code), ['time-sync']);
    assert.equal(result.host.phase, 'done');
  });
});

describe('planHost() convergence without the 15/main drop', () => {
  convergenceTests(procedureStatesWithoutDrop);
});

describe('planHost() convergence on a cluster member', () => {
  const states = procedureStates().map((state) => ({ ...state, facts: asClusterMember(clone(state.facts)) }));

  for (const state of states.slice(0, -1)) {
    test(`${state.name} plans the remaining steps and starts the cluster daemons`, () => {
      const result = plan(state.facts);

      assert.deepEqual(slugs(result), state.remaining);
      assert.equal(stepOf(actionOf(result, 'unmask-units:cluster'), 'unmask-units')!.start, true);
    });
  }

  test('finished member with running cluster daemons plans nothing', () => {
    const finished = withClusterUnitsUnmasked(states.at(-1)!.facts, true);

    assert.deepEqual(slugs(plan(finished)), []);
  });

  test('finished member with stopped cluster daemons starts them', () => {
    const stopped = withClusterUnitsUnmasked(states.at(-1)!.facts, false);

    assert.deepEqual(slugs(plan(stopped)), ['verify', 'start-units:cluster']);
  });
});

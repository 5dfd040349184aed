/**
 * The convergence property: a host stopped after any step of the procedure
 * plans exactly the remaining steps, and a finished host plans nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { procedureStates } from './scenarios.js';
import { codes, plan, slugs } from './support.js';

describe('planHost() convergence', () => {
  for (const state of procedureStates()) {
    test(`${state.name} plans the remaining steps`, () => {
      const result = plan(state.facts);

      assert.deepEqual(slugs(result), state.remaining);
      assert.deepEqual(codes(result).filter((code) => code.startsWith('error:')), []);
    });
  }

  test('finished host plans nothing and is done', () => {
    const finished = procedureStates().at(-1)!.facts;
    const result = plan(finished);

    assert.deepEqual(result.actions, []);
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.host.phase, 'done');
  });
});

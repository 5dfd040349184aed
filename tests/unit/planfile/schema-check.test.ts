import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { validatorFor } from '../../../lib/config/validator.js';
import { InputError } from '../../../lib/errors.js';
import { parsePlan } from '../../../lib/planfile/parse.js';
import { planSchemaErrors } from '../../../lib/planfile/schema-check.js';
import { serializePlan } from '../../../lib/planfile/serialize.js';
import { fullPlan } from './sample-plan.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Returns the plan's JSON form after `edit`. */
function damaged(edit: (plan: Json) => void): Json {
  const plan = JSON.parse(serializePlan(fullPlan())) as Json;
  edit(plan);

  return plan;
}

/** Returns `instancePath keyword` of each error, sorted, for comparing error sets. */
function signature(errors: { instancePath: string; keyword: string }[]): string[] {
  return errors.map((e) => `${e.instancePath} ${e.keyword}`).sort();
}

describe('planfile/schema-check', () => {
  describe('planSchemaErrors()', () => {
    const cases: [string, (plan: Json) => void][] = [
      ['valid plan', () => {}],
      ['empty hosts', (plan) => (plan.hosts = [])],
      ['hosts not an array', (plan) => (plan.hosts = { name: 'pmg1' })],
      [
        'damage in every array',
        (plan) => {
          plan.hosts[0].phase = 'later';
          plan.actions[2].step.kind = 'run';
          plan.actions[5].extra = true;
          plan.diagnostics[1].severity = 'fatal';
          plan.tool.name = 'other';
        },
      ],
    ];
    for (const [name, edit] of cases) {
      test(`matches whole validation: ${name}`, () => {
        const plan = damaged(edit);
        const whole = validatorFor('plan.schema.json', false);
        const expected = whole(plan) ? [] : [...(whole.errors ?? [])];

        assert.deepEqual(signature(planSchemaErrors(plan)), signature(expected));
      });
    }

    test('empty hosts reported once', () => {
      const errors = planSchemaErrors(damaged((plan) => (plan.hosts = [])));

      assert.deepEqual(signature(errors), ['/hosts minItems']);
    });

    test('many damaged actions stay fast', () => {
      const plan = damaged((p) => {
        const template = p.actions[1];
        p.actions = Array.from({ length: 5000 }, (_, i) => ({
          ...template,
          id: `pmg1/x-${i}`,
          dependsOn: [],
          step: { kind: 'run', command: 'x' },
          extra: 1,
        }));
      });
      const started = Date.now();

      assert.throws(() => parsePlan(JSON.stringify(plan), 'big.json'), InputError);
      // Measured on a 2-core machine: about 1.5 s when linear, minutes when quadratic.
      assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    });
  });
});

/**
 * Every plan the diff produces must be a valid plan document: each state of
 * the procedure and each scenario is planned, assembled and validated
 * against schema/plan.schema.json with an Ajv draft 2020-12 validator.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import Ajv2020Module from 'ajv/dist/2020.js';

import { packageRoot } from '../../../lib/config/schema-files.js';
import { assemblePlan } from '../../../lib/plan/assemble.js';
import type { HostPlanResult, Plan } from '../../../lib/plan/model.js';
import { sha256 } from '../../support/facts.js';
import { procedureStates, scenarios } from './scenarios.js';
import { NOW, plan } from './support.js';

const Ajv2020 = Ajv2020Module.default;

function planValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  const schema = JSON.parse(readFileSync(join(packageRoot(), 'schema', 'plan.schema.json'), 'utf8'));

  return ajv.compile<Plan>(schema);
}

function document(results: HostPlanResult[]): Plan {
  return assemblePlan({
    hosts: results,
    desiredState: { relativeTo: 'pmgup', path: 'plans/pmg-8.toml', sha256: sha256('') },
    toolVersion: '0.1.0',
    createdAt: NOW,
  });
}

describe('plan schema', () => {
  const validate = planValidator();
  const cases = [
    ...procedureStates().map((state) => ({ name: state.name, facts: state.facts, data: {} })),
    ...scenarios().map((item) => ({ name: item.name, facts: item.facts, data: item.data ?? {} })),
  ];

  for (const item of cases) {
    test(`${item.name} validates`, () => {
      const result = document([plan(item.facts, item.data)]);
      const valid = validate(JSON.parse(JSON.stringify(result)));

      assert.deepEqual(validate.errors ?? [], []);
      assert.equal(valid, true);
    });
  }

  test('rejects a plan with a step kind outside the closed set', () => {
    const result = JSON.parse(JSON.stringify(document([plan(procedureStates()[0].facts)])));
    result.actions[0].step = { kind: 'run-command', command: 'rm -rf /' };

    assert.equal(validate(result), false);
  });

  test('a plan of several hosts validates', () => {
    const results = cases.slice(0, 3).map((item, index) => plan(item.facts, item.data, `pmg${index + 1}`));

    assert.equal(validate(JSON.parse(JSON.stringify(document(results)))), true, JSON.stringify(validate.errors));
  });
});

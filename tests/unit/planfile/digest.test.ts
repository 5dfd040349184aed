import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { planIdOf } from '../../../lib/apply/plan-id.js';
import { InputError } from '../../../lib/errors.js';
import { parsePlan, serializePlan } from '../../../lib/planfile/index.js';
import { smallPlan } from './sample-plan.js';

/** Returns the saved text of the sample plan after `edit` changed its parsed JSON. */
function edited(edit: (data: Record<string, any>) => void): string {
  const data = JSON.parse(serializePlan(smallPlan())) as Record<string, any>;
  edit(data);

  return JSON.stringify(data, null, 2);
}

function rejectedAtDigest(text: string, message: RegExp): void {
  assert.throws(
    () => parsePlan(text, 'p.json'),
    (error: unknown) =>
      error instanceof InputError && error.problems.length === 1 && error.problems[0]!.location === '/digest' && message.test(error.problems[0]!.message),
  );
}

describe('planfile/digest', () => {
  test('a saved plan loads again', () => {
    const plan = smallPlan();
    const loaded = parsePlan(serializePlan(plan), 'p.json');

    assert.equal(loaded.digest, undefined, 'the digest seals the file and is not part of the plan');
    assert.equal(planIdOf(loaded), planIdOf(plan));
  });

  test('rejects a step edited within the schema', () => {
    const text = edited((data) => {
      data.actions[0].dependsOn = [];
      data.actions[0].reason.text = 'edited';
    });

    rejectedAtDigest(text, /changed after pmgup wrote it/);
  });

  test('rejects review text edited alone', () => {
    rejectedAtDigest(
      edited((data) => {
        data.actions[0].changes = [];
      }),
      /changed after pmgup wrote it/,
    );
  });

  test('rejects a desired-state path edited alone', () => {
    rejectedAtDigest(
      edited((data) => {
        data.desiredState.path = '../elsewhere/pmg-8.toml';
      }),
      /changed after pmgup wrote it/,
    );
    rejectedAtDigest(
      edited((data) => {
        data.desiredState.relativeTo = 'pmgup';
        data.desiredState.path = 'plans/pmg-8.toml';
      }),
      /changed after pmgup wrote it/,
    );
  });

  test('rejects a plan without a digest', () => {
    rejectedAtDigest(
      edited((data) => {
        delete data.digest;
      }),
      /has no digest/,
    );
  });

  test('key order and spacing do not matter', () => {
    const text = JSON.stringify(JSON.parse(serializePlan(smallPlan())));

    assert.doesNotThrow(() => parsePlan(text, 'p.json'));
  });
});

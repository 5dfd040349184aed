import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkRuledbExamples } from '../../../../lib/plan/checks/ruledb-examples.js';
import { pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired, pmg8Host } from './support.js';

describe('checks/ruledb-examples', () => {
  test('says nothing before the upgrade', () => {
    assert.deepEqual(
      checkRuledbExamples(pmg7Host(), defaultDesired(), contextFor('pre-upgrade')),
      [],
    );
  });

  test('points at the example entries after the upgrade', () => {
    const [result] = checkRuledbExamples(pmg8Host(), defaultDesired(), contextFor('post-upgrade'));

    assert.equal(result.severity, 'skip');
    assert.match(result.fix ?? '', /nomail@fromthisdomain\.com/);
  });
});

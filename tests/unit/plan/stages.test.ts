import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { predecessorsOf, stageOfAction, stageRank, STAGES, stepSlug } from '../../../lib/plan/stages.js';

describe('stepSlug()', () => {
  test('uses the kind alone without a subject', () => {
    assert.equal(stepSlug('dist-upgrade'), 'dist-upgrade');
  });

  test('appends a path subject as it is', () => {
    assert.equal(stepSlug('edit-apt-sources', '/etc/apt/sources.list'), 'edit-apt-sources:/etc/apt/sources.list');
  });

  test('replaces characters ids do not allow and adds a hash', () => {
    const upper = stepSlug('fix-template', '/etc/pmg/templates/Main.cf.in');
    const lower = stepSlug('fix-template', '/etc/pmg/templates/main.cf.in');

    assert.match(upper, /^fix-template:\/etc\/pmg\/templates\/main\.cf\.in-[0-9a-f]{8}$/);
    assert.notEqual(upper, lower);
  });

  test('keeps long subjects within the id length', () => {
    const slug = stepSlug('edit-apt-sources', `/etc/apt/sources.list.d/${'x'.repeat(300)}.list`);

    assert.ok(slug.length <= 200);
    assert.match(slug, /-[0-9a-f]{8}$/);
  });
});

describe('stages', () => {
  test('every stage follows only earlier stages', () => {
    for (const stage of STAGES) {
      for (const predecessor of predecessorsOf(stage)) {
        assert.ok(stageRank(predecessor) < stageRank(stage), `${stage} follows ${predecessor}`);
      }
    }
  });

  test('verify follows every earlier stage', () => {
    assert.deepEqual(predecessorsOf('verify'), STAGES.slice(0, stageRank('verify')));
  });

  test('reads the cluster stages back from action ids', () => {
    assert.equal(stageOfAction({ id: 'pmg1/unmask-units:cluster', step: { kind: 'unmask-units' } }), 'unmask-cluster-units');
    assert.equal(stageOfAction({ id: 'pmg1/start-units:cluster', step: { kind: 'start-units' } }), 'start-cluster-units');
    assert.equal(stageOfAction({ id: 'pmg1/unmask-units', step: { kind: 'unmask-units' } }), 'unmask-units');
  });
});

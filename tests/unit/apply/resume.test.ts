import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkpointOf } from '../../../lib/apply/checkpoint.js';
import { keysChangedByPlan, resumeStateOf, staleOnResume } from '../../../lib/apply/resume.js';
import { maskedUnit, pmg7Host } from '../../support/facts.js';
import { action, planFor } from './fixtures.js';

const entry = (planId: string, actionId: string, event: 'start' | 'end' | 'error' | 'note') => ({ time: 't', planId, actionId, event, detail: 'd' });

describe('apply/resume', () => {
  test('resumeStateOf reads only the plan asked for', () => {
    const state = resumeStateOf(
      [
        entry('aaa', 'h/stop-units', 'start'),
        entry('aaa', 'h/stop-units', 'end'),
        entry('aaa', 'h/dist-upgrade', 'start'),
        entry('bbb', 'h/apt-update', 'end'),
        entry('aaa', 'h/purge', 'error'),
        entry('aaa', 'h/apply', 'note'),
      ],
      'aaa',
    );
    assert.deepEqual([...state.started], ['h/stop-units', 'h/dist-upgrade']);
    assert.deepEqual([...state.ended], ['h/stop-units']);
    assert.deepEqual([...state.failed], ['h/purge']);
  });

  test('keysChangedByPlan covers the started actions only', () => {
    const actions = [
      action('stop-units', { kind: 'stop-units', units: ['postfix.service'], mask: true }, ['units[postfix.service]']),
      action('purge-packages', { kind: 'purge-packages', packages: ['postgresql-13'] }, ['packages[postgresql-13]']),
    ];
    const state = resumeStateOf([entry('p', 'pmg1/stop-units', 'start')], 'p');
    assert.deepEqual([...keysChangedByPlan(actions, state)], ['units[postfix.service]']);
  });
});

describe('apply/resume staleOnResume()', () => {
  const stop = action('stop-units', { kind: 'stop-units', units: ['postfix.service'], mask: true }, ['units[postfix.service]']);
  const upgrade = action('dist-upgrade', { kind: 'dist-upgrade', conffileDefault: 'keep', conffiles: [] }, ['os.codename']);
  const purge = action('purge-packages', { kind: 'purge-packages', packages: ['postgresql-13'] }, ['packages[postgresql-13]']);

  test('compares with the checkpoint, not the plan', () => {
    const facts = pmg7Host();
    const plan = planFor(facts, [stop, purge]);
    facts.units['postfix.service'] = maskedUnit();
    const checkpoint = checkpointOf(plan.hosts[0]!, 'pmg1/stop-units', facts, {});
    const state = resumeStateOf([entry('p', 'pmg1/stop-units', 'start'), entry('p', 'pmg1/stop-units', 'end')], 'p');
    assert.deepEqual(staleOnResume(plan.hosts[0]!, plan.actions, state, checkpoint, facts), []);

    delete facts.packages['postgresql-13'];
    assert.deepEqual(staleOnResume(plan.hosts[0]!, plan.actions, state, checkpoint, facts).map((reason) => reason.subject), ['packages[postgresql-13]']);
  });

  test('checks only the machine while a long step was in progress', () => {
    const facts = pmg7Host();
    const plan = planFor(facts, [upgrade, purge]);
    const state = resumeStateOf([entry('p', 'pmg1/dist-upgrade', 'start')], 'p');
    delete facts.packages['postgresql-13'];
    facts.os.codename = 'bookworm';
    assert.deepEqual(staleOnResume(plan.hosts[0]!, plan.actions, state, null, facts), []);

    facts.identity.machineId = 'f'.repeat(32);
    assert.deepEqual(staleOnResume(plan.hosts[0]!, plan.actions, state, null, facts).map((reason) => reason.subject), ['machine id (/etc/machine-id)']);
  });
});

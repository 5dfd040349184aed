/**
 * The convergence property: a host stopped after any step of the procedure
 * plans exactly the remaining steps, and a finished host plans nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { HostFacts } from '../../../lib/probe/facts.js';
import {
  pmg7Host,
  withBackup,
  withClusterUnitsUnmasked,
  withClusterUpgraded,
  withDistUpgraded,
  withListsUpdated,
  withOldPostgresPurged,
  withPackagesRemoved,
  withRebooted,
  withServicesStopped,
  withServicesUnmasked,
  withSourcesRewritten,
  withTargetClusterDropped,
  withUnitsDisabled,
} from '../../support/facts.js';
import { codes, NOW_SECONDS, plan, slugs } from './support.js';

const FULL_PLAN = [
  'backup',
  'edit-apt-sources:/etc/apt/sources.list',
  'edit-apt-sources:/etc/apt/sources.list.d/pmg.list',
  'remove-packages',
  'apt-update',
  'download-packages',
  'stop-units',
  'dist-upgrade',
  'disable-units',
  'drop-pg-cluster:15/main',
  'upgrade-pg-cluster:13/main',
  'unmask-units',
  'reboot',
  'verify',
  'purge-packages',
  'unmask-units:cluster',
];

/** The procedure's intermediate states, each with the steps that remain. */
function states(): { name: string; facts: HostFacts; remaining: string[] }[] {
  const untouched = pmg7Host();
  const backedUp = withBackup(untouched, NOW_SECONDS - 600);
  const rewritten = withSourcesRewritten(backedUp);
  const removed = withPackagesRemoved(rewritten);
  const updated = withListsUpdated(removed);
  const stopped = withServicesStopped(updated);
  const upgraded = withDistUpgraded(stopped);
  const disabled = withUnitsDisabled(upgraded);
  const dropped = withTargetClusterDropped(disabled);
  const migrated = withClusterUpgraded(dropped);
  const unmasked = withServicesUnmasked(migrated);
  const rebooted = withRebooted(unmasked);
  const purged = withOldPostgresPurged(rebooted);
  const finished = withClusterUnitsUnmasked(purged);
  const after = (step: string) => FULL_PLAN.slice(FULL_PLAN.indexOf(step) + 1);

  return [
    { name: 'untouched 7.3 host', facts: untouched, remaining: FULL_PLAN },
    { name: 'backed up', facts: backedUp, remaining: after('backup') },
    { name: 'sources rewritten', facts: rewritten, remaining: ['remove-packages', 'apt-update', ...after('apt-update')] },
    { name: 'linux-image removed', facts: removed, remaining: ['apt-update', ...after('apt-update')] },
    { name: 'lists updated', facts: updated, remaining: after('apt-update') },
    { name: 'services stopped and masked', facts: stopped, remaining: ['download-packages', ...after('stop-units')] },
    { name: 'dist-upgrade done', facts: upgraded, remaining: after('dist-upgrade') },
    { name: 'clamonacc disabled', facts: disabled, remaining: after('disable-units') },
    { name: '15/main dropped', facts: dropped, remaining: after('drop-pg-cluster:15/main') },
    { name: 'cluster upgraded', facts: migrated, remaining: after('upgrade-pg-cluster:13/main') },
    { name: 'services unmasked', facts: unmasked, remaining: after('unmask-units') },
    { name: 'rebooted', facts: rebooted, remaining: ['verify', ...after('verify')] },
    { name: '13 purged', facts: purged, remaining: ['verify', 'unmask-units:cluster'] },
    { name: 'finished', facts: finished, remaining: [] },
  ];
}

describe('planHost() convergence', () => {
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
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  ACTION_OVERHEAD_SECONDS,
  BOOT_SECONDS,
  downtimePackages,
  PG_UPGRADE_FIXED_SECONDS,
  SECONDS_PER_HELD_PACKAGE,
  SECONDS_PER_PACKAGE,
} from '../../../lib/plan/downtime.js';
import { heldEarly, matchesPattern } from '../../../lib/plan/downtime-early.js';
import { pmg7Host, pmg8Host } from '../../support/facts.js';
import { plan } from './support.js';
import { simulation, withSimulation } from './simulation-support.js';

describe('downtime', () => {
  describe('estimateDowntime() through planHost()', () => {
    const simulated = withSimulation(pmg7Host(), simulation());
    const downtime = plan(simulated).host.downtime!;

    test('lists the actions from the stop to the reboot', () => {
      assert.equal(downtime.actions[0], 'pmg1/stop-units');
      assert.equal(downtime.actions.at(-1), 'pmg1/reboot');
      assert.ok(!downtime.actions.includes('pmg1/early-upgrade'));
      assert.ok(!downtime.actions.includes('pmg1/download-packages'));
    });

    test('adds up its parts', () => {
      const sum = downtime.parts.reduce((total, part) => total + (part.seconds ?? 0), 0);

      assert.equal(downtime.estimateSeconds, sum);
    });

    test('counts held packages after early-upgrade', () => {
      const upgrade = downtime.parts.find((part) => part.what === 'dist-upgrade')!;
      const held = simulation().upgrade.install.filter((entry) => heldEarly(entry.name)).length;

      assert.equal(upgrade.seconds, Math.round(held * SECONDS_PER_HELD_PACKAGE));
      assert.match(upgrade.basis, /held back by early-upgrade/);
    });

    test('prices the database by its size', () => {
      const database = downtime.parts.find((part) => part.what === 'pg_upgradecluster')!;

      assert.equal(database.seconds, PG_UPGRADE_FIXED_SECONDS + 2);
      assert.match(database.basis, /48 MB at 20 MB\/s/);
    });

    test('assumes a VM boot outside a container', () => {
      assert.equal(downtime.parts.find((part) => part.what === 'reboot')?.seconds, BOOT_SECONDS.other);
    });

    test('charges each action its overhead', () => {
      const actions = downtime.parts[0];

      assert.equal(actions.seconds, (downtime.actions.length - 1) * ACTION_OVERHEAD_SECONDS);
    });

    test('has no total without a simulation', () => {
      const unsimulated = plan(pmg7Host()).host.downtime!;

      assert.equal(unsimulated.estimateSeconds, null);
      assert.equal(unsimulated.parts.find((part) => part.what === 'dist-upgrade')?.seconds, null);
    });

    test('is absent when no mail service stops', () => {
      assert.equal(plan(pmg8Host()).host.downtime, undefined);
    });

    test('leaves out a reboot that is not allowed', () => {
      const withoutReboot = plan(simulated, { reboot: { allowed: false } }).host.downtime!;

      assert.ok(!withoutReboot.actions.includes('pmg1/reboot'));
      assert.ok(!withoutReboot.parts.some((part) => part.what === 'reboot'));
    });
  });

  describe('downtimePackages()', () => {
    test('counts every install without early-upgrade', () => {
      assert.equal(downtimePackages(simulation(), false), simulation().upgrade.install.length);
    });

    test('is null without a usable simulation', () => {
      assert.equal(downtimePackages(null, true), null);
      assert.equal(downtimePackages(simulation({ upgrade: { install: [], remove: [], error: 'E: x' } }), false), null);
    });

    test('rates are positive', () => {
      assert.ok(SECONDS_PER_PACKAGE > 0);
      assert.ok(SECONDS_PER_HELD_PACKAGE > SECONDS_PER_PACKAGE);
    });
  });

  describe('matchesPattern()', () => {
    const cases: [string, string, boolean][] = [
      ['pmg-api', 'pmg-*', true],
      ['libjson-xs-perl', 'lib*-perl', true],
      ['libperl5.36', 'libperl*', true],
      ['perl', 'perl', true],
      ['perl-base', 'perl', false],
      ['libc6', 'lib*-perl', false],
      ['postgresql-15', 'postgresql-*', true],
      ['g++', 'g+*', true],
    ];

    for (const [name, pattern, expected] of cases) {
      test(`${name} against ${pattern}`, () => {
        assert.equal(matchesPattern(name, pattern), expected);
      });
    }
  });
});

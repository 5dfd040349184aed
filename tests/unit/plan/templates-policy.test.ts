import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { stepOf } from '../../../lib/plan/model.js';
import type { HostFacts } from '../../../lib/probe/facts.js';
import { fileFact, pmg7Host } from '../../support/facts.js';
import { actionOf, codes, plan, slugs } from './support.js';
import { shipped, simulation, withSimulation } from './simulation-support.js';

const SHIPPED_7 = "[% TAGS <* *> %]\nwork_mem = 8MB\nstats_temp_directory = '/var/run/postgresql/13-main.pg_stat_tmp'\n";
const SHIPPED_8 = '[% TAGS <* *> %]\nwork_mem = 8MB\n';
const OVERRIDE = "[% TAGS <* *> %]\nwork_mem = 16MB\nstats_temp_directory = '/var/run/postgresql/13-main.pg_stat_tmp'\n";
const PATH = '/etc/pmg/templates/postgresql.conf.in';

function withOverride(next: string | null): HostFacts {
  const facts = pmg7Host();
  facts.pmg.templateOverrides = [
    { name: 'postgresql.conf.in', override: fileFact(PATH, OVERRIDE), shipped: fileFact('/var/lib/pmg/templates/postgresql.conf.in', SHIPPED_7) },
  ];
  if (next === null) {
    return facts;
  }

  return withSimulation(facts, simulation({ files: [shipped('/var/lib/pmg/templates/postgresql.conf.in', 'pmg-api', next, 'plain')] }));
}

describe('template overrides with the simulation', () => {
  test('keep shows the diff and a notice', () => {
    const result = plan(withOverride(SHIPPED_8));
    const upgrade = actionOf(result, 'dist-upgrade');
    const diff = upgrade.fileDiffs.find((item) => item.path === PATH)!;

    assert.ok(codes(result).includes('notice:template-override-kept'));
    assert.match(diff.diff, /^-work_mem = 16MB$/m);
    assert.match(diff.diff, /^\+\+\+ \/etc\/pmg\/templates\/postgresql\.conf\.in\ttemplate of the new pmg-api$/m);
  });

  test('keep diffs the override after its fix', () => {
    const diff = actionOf(plan(withOverride(SHIPPED_8)), 'dist-upgrade').fileDiffs.find((item) => item.path === PATH)!;

    assert.match(diff.diff, /^--- \/etc\/pmg\/templates\/postgresql\.conf\.in\tyours after fix-template$/m);
    assert.doesNotMatch(diff.diff, /stats_temp_directory/);
  });

  test('keep without the fix diffs the override as it is', () => {
    const result = plan(withOverride(SHIPPED_8), { templates: { remove_obsolete_settings: false } });
    const diff = actionOf(result, 'dist-upgrade').fileDiffs.find((item) => item.path === PATH)!;

    assert.match(diff.diff, /^--- \/etc\/pmg\/templates\/postgresql\.conf\.in\tyours$/m);
    assert.match(diff.diff, /^-stats_temp_directory = /m);
  });

  test('remove diffs the override as it is', () => {
    const result = plan(withOverride(SHIPPED_8), { templates: { default: 'remove' } });
    const removal = actionOf(result, 'remove-template-override:/etc/pmg/templates/postgresql.conf.in');

    assert.match(removal.fileDiffs[0]!.diff, /^-stats_temp_directory = /m);
  });

  test('remove moves the override aside after the upgrade', () => {
    const result = plan(withOverride(SHIPPED_8), { templates: { default: 'remove' } });
    const removal = actionOf(result, 'remove-template-override:/etc/pmg/templates/postgresql.conf.in');

    assert.equal(stepOf(removal, 'remove-template-override')?.movedTo, `${PATH}.pmgup-removed`);
    assert.equal(removal.fileDiffs.length, 1);
    assert.ok(!codes(result).includes('notice:template-override-kept'));
  });

  test('remove replaces the fix of the obsolete setting', () => {
    const result = plan(withOverride(SHIPPED_8), { templates: { default: 'remove' } });

    assert.ok(!slugs(result).some((slug) => slug.startsWith('fix-template')));
  });

  test('keep still fixes the obsolete setting', () => {
    assert.ok(slugs(plan(withOverride(SHIPPED_8))).some((slug) => slug.startsWith('fix-template')));
  });

  test('stop is an error naming the key', () => {
    const result = plan(withOverride(SHIPPED_8), { templates: { files: { 'postgresql.conf.in': 'stop' } } });
    const stop = result.diagnostics.find((item) => item.code === 'template-override-stop')!;

    assert.equal(stop.severity, 'error');
    assert.match(stop.fix ?? '', /templates\.files\."postgresql\.conf\.in" to "keep" or "remove"/);
  });

  test('an unchanged template needs no decision', () => {
    const result = plan(withOverride(SHIPPED_7), { templates: { default: 'stop' } });

    assert.ok(!codes(result).includes('error:template-override-stop'));
  });

  test('without a simulation every shipped template counts', () => {
    const result = plan(withOverride(null), { templates: { default: 'stop' } });

    assert.ok(codes(result).includes('error:template-override-stop'));
  });
});

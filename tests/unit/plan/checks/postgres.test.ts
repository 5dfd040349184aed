import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkPostgres } from '../../../../lib/plan/checks/postgres.js';
import type { Phase } from '../../../../lib/plan/phase.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { DEFAULT_DATABASES, cluster, pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired, pmg8Host } from './support.js';

const PMG_DATABASES = [...DEFAULT_DATABASES, 'Proxmox_ruledb'];
const run = (facts: HostFacts, phase: Phase) =>
  checkPostgres(facts, defaultDesired(), contextFor(phase))[0];

describe('checks/postgres', () => {
  test('passes with the database on 13 before the upgrade', () => {
    const result = run(pmg7Host(), 'pre-upgrade');

    assert.equal(result.severity, 'pass');
    assert.match(result.message, /13\/main \(port 5432\)/);
  });

  test('fails on an unfinished earlier upgrade', () => {
    const facts = pmg7Host();
    facts.postgres.clusters = [
      cluster(11, 5432, PMG_DATABASES),
      cluster(13, 5433, DEFAULT_DATABASES),
    ];
    const result = run(facts, 'pre-upgrade');

    assert.equal(result.severity, 'error');
    assert.match(result.message, /11\/main/);
    assert.match(result.message, /unfinished/);
  });

  test('warns while the database is still on 13 during the upgrade', () => {
    const facts = pmg8Host();
    facts.postgres.clusters = [
      cluster(13, 5432, PMG_DATABASES),
      cluster(15, 5433, DEFAULT_DATABASES),
    ];
    const result = run(facts, 'upgrading');

    assert.equal(result.severity, 'warning');
    assert.match(result.fix ?? '', /pg_upgradecluster -v 15 13 main/);
  });

  test('passes with the database on 15 after the upgrade', () => {
    assert.equal(run(pmg8Host(), 'post-upgrade').severity, 'pass');
  });

  test('warns when 15 serves the database on another port', () => {
    const facts = pmg8Host();
    facts.postgres.clusters = [cluster(15, 5433, PMG_DATABASES)];
    const result = run(facts, 'post-upgrade');

    assert.equal(result.severity, 'warning');
    assert.match(result.message, /port 5432/);
  });

  test('reports a down server instead of aborting', () => {
    const facts = pmg7Host();
    facts.postgres.clusters = [cluster(13, 5432, null)];
    const result = run(facts, 'pre-upgrade');

    assert.equal(result.severity, 'error');
    assert.match(result.message, /13\/main are down/);
  });

  test('only warns about a down server while upgrading', () => {
    const facts = pmg8Host();
    facts.postgres.clusters = [cluster(13, 5432, null)];

    assert.equal(run(facts, 'upgrading').severity, 'warning');
  });

  test('fails when no cluster holds the database', () => {
    const facts = pmg7Host();
    facts.postgres.clusters = [cluster(13, 5432, DEFAULT_DATABASES)];
    const result = run(facts, 'pre-upgrade');

    assert.equal(result.severity, 'error');
    assert.match(result.message, /not found in any online cluster \(13\/main\)/);
  });

  test('fails without any cluster', () => {
    const facts = pmg7Host();
    facts.postgres.clusters = [];

    assert.equal(run(facts, 'pre-upgrade').severity, 'error');
  });
});

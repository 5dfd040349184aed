import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkDatabaseSpace, requiredBytes } from '../../../../lib/plan/checks/database-space.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { fileFact, pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired, pmg8Host } from './support.js';

const GIB = 1024 ** 3;
const run = (facts: HostFacts, desired = defaultDesired()) =>
  checkDatabaseSpace(facts, desired, contextFor('pre-upgrade'))[0];

function withDatabaseSize(sizeBytes: number | null, availableBytes: number): HostFacts {
  const facts = pmg7Host();
  facts.postgres.clusters[0].sizeBytes = sizeBytes;
  facts.disk[1].availableBytes = availableBytes;

  return facts;
}

describe('checks/database-space', () => {
  test('needs size × 1.2 + 1 GiB for a dump', () => {
    assert.equal(requiredBytes(10 * GIB, 'dump'), 13 * GIB);
  });

  test('needs only the margin for link', () => {
    assert.equal(requiredBytes(10 * GIB, 'link'), GIB);
  });

  test('passes when the copy fits', () => {
    const result = run(withDatabaseSize(10 * GIB, 14 * GIB));

    assert.equal(result.severity, 'pass');
    assert.equal(result.subject, '/var/lib/postgresql/15/main');
  });

  test('fails when the copy does not fit', () => {
    const result = run(withDatabaseSize(10 * GIB, 12 * GIB));

    assert.equal(result.severity, 'error');
    assert.match(result.message, /holds 10\.7 GB; method dump needs 14\.0 GB/);
    assert.match(result.fix ?? '', /Free 1\.1 GB/);
  });

  test('accepts less space with the link method', () => {
    const desired = defaultDesired();
    desired.postgresql.upgrade_method = 'link';

    assert.equal(run(withDatabaseSize(10 * GIB, 2 * GIB), desired).severity, 'pass');
  });

  test('warns when the cluster size is unknown', () => {
    assert.equal(run(withDatabaseSize(null, 14 * GIB)).severity, 'warning');
  });

  test('measures the createcluster data directory', () => {
    const facts = withDatabaseSize(10 * GIB, 100 * GIB);
    facts.postgres.createclusterConf = fileFact(
      '/etc/postgresql-common/createcluster.conf',
      "data_directory = '/srv/pg/%v/%c'\n",
    );
    facts.disk.push({
      path: '/srv/pg',
      mountPoint: '/srv',
      sizeBytes: 20 * GIB,
      availableBytes: 5 * GIB,
    });
    const result = run(facts);

    assert.equal(result.severity, 'error');
    assert.equal(result.subject, '/srv/pg/15/main');
    assert.deepEqual(result.location, {
      file: '/etc/postgresql-common/createcluster.conf',
      line: 1,
    });
  });

  test('says so when the facts lack the data directory filesystem', () => {
    const facts = withDatabaseSize(10 * GIB, 100 * GIB);
    facts.postgres.createclusterConf = fileFact(
      '/etc/postgresql-common/createcluster.conf',
      "data_directory = '/srv/pg/%v/%c'\n",
    );
    const result = run(facts);

    assert.equal(result.severity, 'warning');
    assert.match(result.message, /no free-space entry for \/srv\/pg\/15\/main/);
  });

  test('skips once the database is on 15', () => {
    assert.equal(
      checkDatabaseSpace(pmg8Host(), defaultDesired(), contextFor('post-upgrade'))[0].severity,
      'skip',
    );
  });
});

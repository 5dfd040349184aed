import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkCreatecluster } from '../../../../lib/plan/checks/createcluster.js';
import { fileFact, pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired } from './support.js';

const PATH = '/etc/postgresql-common/createcluster.conf';
const STOCK = [
  "#data_directory = '/var/lib/postgresql/%v/%c'",
  "#initdb_options = ''",
  'ssl = on',
  "cluster_name = '%v/%c'",
  "stats_temp_directory = '/var/run/postgresql/%v-%c.pg_stat_tmp'",
  "log_line_prefix = '%%m [%%p] %%q%%u@%%d '",
  "add_include_dir = 'conf.d'",
  '',
].join('\n');

function run(content: string | null) {
  const facts = pmg7Host();
  facts.postgres.createclusterConf = content === null ? null : fileFact(PATH, content);

  return checkCreatecluster(facts, defaultDesired(), contextFor('pre-upgrade'));
}

describe('checks/createcluster', () => {
  test('reports nothing without the file', () => {
    assert.deepEqual(run(null), []);
  });

  test('accepts the stock file with its stats_temp_directory line', () => {
    assert.deepEqual(run(STOCK), []);
  });

  test('warns about a moved data directory', () => {
    const [result] = run(
      STOCK.replace(
        "#data_directory = '/var/lib/postgresql/%v/%c'",
        "data_directory = '/srv/pg/%v/%c'",
      ),
    );

    assert.equal(result.severity, 'warning');
    assert.match(result.message, /'\/srv\/pg\/%v\/%c'/);
    assert.deepEqual(result.location, { file: PATH, line: 1 });
  });

  test('fails a setting PostgreSQL 15 rejects', () => {
    const [result] = run(`${STOCK}operator_precedence_warning = off\n`);

    assert.equal(result.severity, 'error');
    assert.equal(result.location?.line, 8);
    assert.match(result.message, /operator_precedence_warning/);
  });

  test('fails a boolean password_encryption', () => {
    assert.equal(run(`${STOCK}password_encryption = on\n`)[0].severity, 'error');
  });
});

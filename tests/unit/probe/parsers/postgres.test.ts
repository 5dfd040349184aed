import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseClusterDetails, parseClusters, parseCreatecluster } from '../../../../lib/probe/parsers/postgres.js';
import { assertRejected, fixtureSection, recordedSection, section } from '../helpers.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const hex = (text: string) => Buffer.from(text).toString('hex');

describe('parsers/postgres', () => {
  describe('parseClusters()', () => {
    test('reads a recorded cluster that is down', () => {
      const details = parseClusterDetails(recordedSection('bookworm/probe-run.txt', 'pg-clusters'));
      const [cluster] = parseClusters(fixtureSection('pg-lsclusters', 'bookworm/pg_lsclusters.txt'), details);

      assert.deepEqual(cluster, {
        version: 15,
        name: 'main',
        port: 5432,
        status: 'down',
        owner: 'postgres',
        dataDirectory: '/var/lib/postgresql/15/main',
        logFile: '/var/log/postgresql/postgresql-15-main.log',
        startMode: 'auto',
        databases: null,
        sizeBytes: null,
      });
    });

    test('without postgresql-common there are no clusters', () => {
      assert.deepEqual(parseClusters(section('pg-lsclusters', '', 127), new Map()), []);
    });

    test('online,recovery counts as online', () => {
      const line = '13 main 5432 online,recovery postgres /var/lib/postgresql/13/main /var/log/postgresql/postgresql-13-main.log\n';
      const details = new Map([['13/main', { startMode: 'manual', databases: ['postgres'], sizeBytes: 10 }]]);
      const [cluster] = parseClusters(section('pg-lsclusters', line), details);

      assert.equal(cluster.status, 'online');
      assert.equal(cluster.startMode, 'manual');
      assert.deepEqual(cluster.databases, ['postgres']);
    });

    test('non-numeric port is rejected', () => {
      assertRejected(() => parseClusters(section('pg-lsclusters', '13 main x online postgres /d /l\n'), new Map()), 'pg-lsclusters', 1);
    });
  });

  describe('parseClusterDetails()', () => {
    test('reads start mode, databases and total size', () => {
      const startConf = '# Automatic startup configuration\nmanual\n';
      const body = [
        'cluster 13 main',
        `file ${b64('/etc/postgresql/13/main/start.conf')} 40 - b${b64(startConf)}`,
        'databases 0',
        `db ${hex('Proxmox_ruledb')} 9000000`,
        `db ${hex('postgres')} 8000000`,
        'cluster 15 main',
        `missing ${b64('/etc/postgresql/15/main/start.conf')}`,
        'databases 2',
      ].join('\n');
      const details = parseClusterDetails(section('pg-clusters', body));

      assert.deepEqual(details.get('13/main'), { startMode: 'manual', databases: ['Proxmox_ruledb', 'postgres'], sizeBytes: 17000000 });
      assert.deepEqual(details.get('15/main'), { startMode: 'auto', databases: null, sizeBytes: null });
    });

    test('database names are decoded from hex', () => {
      const body = `cluster 13 main\nmissing ${b64('/x')}\ndatabases 0\ndb ${hex('odd name|ü')} 1\n`;

      assert.deepEqual(parseClusterDetails(section('pg-clusters', body)).get('13/main')?.databases, ['odd name|ü']);
    });

    test('db line before a cluster is rejected', () => {
      assertRejected(() => parseClusterDetails(section('pg-clusters', `db ${hex('x')} 1\n`)), 'pg-clusters', 1);
    });

    test('odd-length hex is rejected', () => {
      assertRejected(() => parseClusterDetails(section('pg-clusters', 'cluster 13 main\ndatabases 0\ndb abc 1\n')), 'pg-clusters', 3);
    });
  });

  describe('parseCreatecluster()', () => {
    const CONF = '/etc/postgresql-common/createcluster.conf';
    const DIRECTORY = '/etc/postgresql-common/createcluster.d';
    const fileLine = (path: string, content: string) => `file ${b64(path)} ${Buffer.byteLength(content)} - b${b64(content)}`;

    test('reads createcluster.conf and the drop-ins', () => {
      const body = [fileLine(CONF, "include_dir 'createcluster.d'\n"), fileLine(`${DIRECTORY}/local.conf`, 'create_main_cluster = false\n')].join('\n');
      const files = parseCreatecluster(section('pg-createcluster', body));

      assert.equal(files.conf?.content, "include_dir 'createcluster.d'\n");
      assert.deepEqual(
        files.dropIns.map((file) => [file.path, file.content]),
        [[`${DIRECTORY}/local.conf`, 'create_main_cluster = false\n']],
      );
    });

    test('missing createcluster.conf is null', () => {
      const files = parseCreatecluster(section('pg-createcluster', `missing ${b64(CONF)}\n`));

      assert.equal(files.conf, null);
      assert.deepEqual(files.dropIns, []);
    });

    test('empty section is rejected', () => {
      assertRejected(() => parseCreatecluster(section('pg-createcluster', '')), 'pg-createcluster', null);
    });

    test('another first file is rejected', () => {
      assertRejected(() => parseCreatecluster(section('pg-createcluster', `${fileLine('/etc/other.conf', 'x')}\n`)), 'pg-createcluster', 1);
    });

    test('drop-in outside the directory is rejected', () => {
      const body = [fileLine(CONF, ''), fileLine('/etc/postgresql-common/other.d/a.conf', 'x')].join('\n');

      assertRejected(() => parseCreatecluster(section('pg-createcluster', body)), 'pg-createcluster', 2);
    });

    test('drop-in without .conf is rejected', () => {
      const body = [fileLine(CONF, ''), fileLine(`${DIRECTORY}/notes.txt`, 'x')].join('\n');

      assertRejected(() => parseCreatecluster(section('pg-createcluster', body)), 'pg-createcluster', 2);
    });

    test('missing drop-in is rejected', () => {
      const body = [fileLine(CONF, ''), `missing ${b64(`${DIRECTORY}/gone.conf`)}`].join('\n');

      assertRejected(() => parseCreatecluster(section('pg-createcluster', body)), 'pg-createcluster', 2);
    });
  });
});

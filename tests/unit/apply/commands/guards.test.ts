import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { buildCommand } from '../../../../lib/apply/commands/index.js';
import { GUARD_STATUS } from '../../../../lib/apply/commands/shell.js';
import type { DetachedCommand, InlineCommand } from '../../../../lib/apply/commands/types.js';
import type { Step, StepOf } from '../../../../lib/plan/model.js';
import { Sandbox } from '../support.js';
import { CONTEXT } from './samples.js';

const LINE = (version: number, port: number, status: string) =>
  `${version} main ${port} ${status} postgres /var/lib/postgresql/${version}/main /var/log/postgresql/postgresql-${version}-main.log`;

/** Returns a sandbox whose pg_lsclusters and psql stubs print the given clusters and databases. */
function host(clusters: string[], databases: string, serverVersion = '150004') {
  const sandbox = new Sandbox();
  sandbox.stub('pg_lsclusters', `printf '%s\\n' ${clusters.map((line) => `'${line}'`).join(' ')}`);
  sandbox.stub(
    'runuser',
    [
      'case "$*" in',
      `  *server_version_num*) [ -n '${serverVersion}' ] && echo '${serverVersion}' || exit 2 ;;`,
      `  *pg_database*) printf '${databases}' ;;`,
      'esac',
    ].join('\n'),
  );
  for (const name of ['pg_dropcluster', 'pg_upgradecluster', 'pg_ctlcluster', 'apt-get', 'systemctl']) {
    sandbox.stub(name);
  }
  sandbox.stub('dpkg-query', "printf 'installed'");

  return sandbox;
}

function scriptOf(step: Step): string {
  const command = buildCommand(step, CONTEXT) as InlineCommand | DetachedCommand;

  return command.mode === 'detached' ? command.body : command.script;
}

function ran(sandbox: Sandbox, command: string): string[][] {
  return sandbox.calls().filter((call) => call.command === command).map((call) => call.args);
}

const DEFAULTS = 'postgres\\ntemplate0\\ntemplate1\\n';
const WITH_PMG = 'Proxmox_ruledb\\npostgres\\ntemplate0\\ntemplate1\\n';

describe('apply/commands guards', () => {
  describe('drop-pg-cluster', () => {
    const step = { kind: 'drop-pg-cluster', version: 15, name: 'main', ifExists: true } as const;

    test('drops a cluster holding only the default databases', () => {
      const sandbox = host([LINE(13, 5432, 'online'), LINE(15, 5433, 'online')], DEFAULTS);
      const result = sandbox.run(scriptOf(step));
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(ran(sandbox, 'pg_dropcluster'), [['--stop', '15', 'main']]);
      sandbox.remove();
    });

    test('refuses a cluster holding another database', () => {
      const sandbox = host([LINE(15, 5433, 'online')], WITH_PMG);
      const result = sandbox.run(scriptOf(step));
      assert.equal(result.status, GUARD_STATUS.clusterNotEmpty);
      assert.match(result.stderr, /pmgup: cluster 15\/main holds databases other than the defaults: Proxmox_ruledb/);
      assert.deepEqual(ran(sandbox, 'pg_dropcluster'), []);
      sandbox.remove();
    });

    test('starts a cluster that is down before asking it', () => {
      const sandbox = host([LINE(15, 5433, 'down')], DEFAULTS);
      const result = sandbox.run(scriptOf(step));
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(ran(sandbox, 'pg_ctlcluster'), [['15', 'main', 'start']]);
      sandbox.remove();
    });

    test('refuses when the databases cannot be listed', () => {
      const sandbox = host([LINE(15, 5433, 'online')], DEFAULTS);
      sandbox.stub('runuser', 'echo "psql: error: connection refused" >&2; exit 2');
      const result = sandbox.run(scriptOf(step));
      assert.notEqual(result.status, 0);
      assert.deepEqual(ran(sandbox, 'pg_dropcluster'), []);
      sandbox.remove();
    });

    test('skips a missing cluster when ifExists', () => {
      const sandbox = host([LINE(13, 5432, 'online')], DEFAULTS);
      const result = sandbox.run(scriptOf(step));
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /does not exist; nothing to drop/);
      assert.deepEqual(ran(sandbox, 'pg_dropcluster'), []);
      sandbox.remove();
    });

    test('fails on a missing cluster without ifExists', () => {
      const sandbox = host([LINE(13, 5432, 'online')], DEFAULTS);
      const result = sandbox.run(scriptOf({ ...step, ifExists: false }));
      assert.equal(result.status, GUARD_STATUS.clusterMissing);
      sandbox.remove();
    });
  });

  describe('upgrade-pg-cluster', () => {
    const step = { kind: 'upgrade-pg-cluster', name: 'main', fromVersion: 13, toVersion: 15, method: 'dump', database: 'Proxmox_ruledb' } as const;

    test('upgrades when 13/main holds the database and 15/main is absent', () => {
      const sandbox = host([LINE(13, 5432, 'online')], WITH_PMG);
      const result = sandbox.run(scriptOf(step));
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(ran(sandbox, 'pg_upgradecluster'), [['-v', '15', '-m', 'dump', '13', 'main']]);
      sandbox.remove();
    });

    test('refuses while 15/main exists', () => {
      const sandbox = host([LINE(13, 5432, 'online'), LINE(15, 5433, 'online')], WITH_PMG);
      const result = sandbox.run(scriptOf(step));
      assert.equal(result.status, GUARD_STATUS.targetClusterExists);
      assert.deepEqual(ran(sandbox, 'pg_upgradecluster'), []);
      sandbox.remove();
    });

    test('refuses when 13/main does not hold the database', () => {
      const sandbox = host([LINE(13, 5432, 'online')], DEFAULTS);
      const result = sandbox.run(scriptOf(step));
      assert.equal(result.status, GUARD_STATUS.databaseMissing);
      assert.match(result.stderr, /does not hold database Proxmox_ruledb/);
      assert.deepEqual(ran(sandbox, 'pg_upgradecluster'), []);
      sandbox.remove();
    });

    test('refuses when 13/main does not exist', () => {
      const sandbox = host([], DEFAULTS);
      const result = sandbox.run(scriptOf(step));
      assert.equal(result.status, GUARD_STATUS.clusterMissing);
      sandbox.remove();
    });
  });

  describe('purge-packages', () => {
    const step: StepOf<'purge-packages'> = { kind: 'purge-packages', packages: ['postgresql-13', 'postgresql-client-13'] };

    test('purges once PostgreSQL 15 serves the database on 5432', () => {
      const sandbox = host([], WITH_PMG, '150004');
      const result = sandbox.run(scriptOf(step));
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(ran(sandbox, 'apt-get').at(-1)?.slice(-3), ['purge', 'postgresql-13', 'postgresql-client-13']);
      sandbox.remove();
    });

    test('refuses while PostgreSQL 13 serves the database', () => {
      const sandbox = host([], WITH_PMG, '130016');
      const result = sandbox.run(scriptOf(step));
      assert.equal(result.status, GUARD_STATUS.databaseNotServed);
      assert.match(result.stderr, /still served by PostgreSQL 13/);
      assert.deepEqual(ran(sandbox, 'apt-get'), []);
      sandbox.remove();
    });

    test('refuses when nothing serves the database', () => {
      const sandbox = host([], WITH_PMG, '');
      const result = sandbox.run(scriptOf(step));
      assert.equal(result.status, GUARD_STATUS.databaseNotServed);
      assert.match(result.stderr, /no PostgreSQL server on port 5432 serves database Proxmox_ruledb/);
      assert.deepEqual(ran(sandbox, 'apt-get'), []);
      sandbox.remove();
    });
  });

  describe('unmask-units', () => {
    const step: StepOf<'unmask-units'> = { kind: 'unmask-units', units: ['postfix.service'], start: true };

    test('refuses the mail services while the database is on 13', () => {
      const sandbox = host([], WITH_PMG, '130016');
      const result = sandbox.run(scriptOf(step));
      assert.equal(result.status, GUARD_STATUS.databaseNotServed);
      assert.deepEqual(ran(sandbox, 'systemctl'), []);
      sandbox.remove();
    });

    test('unmasks and starts once the database is on 15', () => {
      const sandbox = host([], WITH_PMG, '150004');
      const result = sandbox.run(scriptOf(step));
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(ran(sandbox, 'systemctl'), [
        ['unmask', '--', 'postfix.service'],
        ['start', '--', 'postfix.service'],
      ]);
      sandbox.remove();
    });

    test('reads the target major from postgresql-common when the plan has none', () => {
      const sandbox = host([], WITH_PMG, '130016');
      sandbox.stub('supported-versions', 'printf "13\\n15\\n"');
      const command = buildCommand(step, { ...CONTEXT, postgres: { database: 'Proxmox_ruledb', major: null } }) as InlineCommand;
      const script = command.script.replace('/usr/share/postgresql-common/supported-versions', 'supported-versions');
      const result = sandbox.run(script);
      assert.equal(result.status, GUARD_STATUS.databaseNotServed);
      assert.match(result.stderr, /served by PostgreSQL 13 on port 5432, not by 15/);
      sandbox.remove();
    });
  });

  describe('apt-update', () => {
    test('fails when a repository could not be fetched', () => {
      const sandbox = host([], DEFAULTS);
      sandbox.stub('apt-get', 'echo "Err:1 http://deb.debian.org/debian bookworm InRelease"; echo "W: Some index files failed to download."');
      const result = sandbox.run(scriptOf({ kind: 'apt-update' }));
      assert.equal(result.status, GUARD_STATUS.aptUpdateFailed);
      assert.match(result.stdout, /Err:1/);
      sandbox.remove();
    });

    test('passes when every repository was fetched', () => {
      const sandbox = host([], DEFAULTS);
      sandbox.stub('apt-get', 'echo "Hit:1 http://deb.debian.org/debian bookworm InRelease"');
      const result = sandbox.run(scriptOf({ kind: 'apt-update' }));
      assert.equal(result.status, 0, result.stderr);
      sandbox.remove();
    });
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { Ajv2020 } from 'ajv/dist/2020.js';

import { CHECKS, checkContext, runChecks } from '../../../../lib/plan/checks/index.js';
import type { Diagnostic } from '../../../../lib/plan/model.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { fileFact, pkg, pmg7Host, unit } from '../../../support/facts.js';
import { defaultDesired, pmg8Host, setAptFile } from './support.js';

function runFor(facts: HostFacts, desired = defaultDesired()): Diagnostic[] {
  return runChecks(facts, desired, checkContext(facts, desired, 'gw1'));
}

/** A PMG 7 host showing many findings at once: located, multi-entry and blocking ones. */
function messyHost(): HostFacts {
  const facts = pmg7Host();
  setAptFile(
    facts,
    '/etc/apt/sources.list.d/mixed.sources',
    'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: buster bookworm\nComponents: main non-free\n',
  );
  setAptFile(facts, '/etc/apt/sources.list.d/broken.list', 'deb http://x.example\n');
  facts.pmg.clusterConf = fileFact('/etc/pmg/cluster.conf', 'node: 2\n\tname other\n');
  facts.ssh = {
    rootConfigExists: true,
    rootConfigCipherLines: [{ line: 4, text: 'Ciphers 3des-cbc' }],
  };
  facts.certificates = [{ path: '/etc/pmg/pmg-api.pem', keyType: null, keyBits: null }];
  facts.apt.held = ['postfix'];
  facts.dpkg.interrupted = true;

  return facts;
}

function bySeverity(diagnostics: Diagnostic[], severity: Diagnostic['severity']): string[] {
  return diagnostics.filter((entry) => entry.severity === severity).map((entry) => entry.code);
}

describe('checks/index', () => {
  describe('checkContext()', () => {
    test('derives the phase from the facts', () => {
      assert.deepEqual(checkContext(pmg7Host(), defaultDesired(), 'gw1'), {
        host: 'gw1',
        phase: 'pre-upgrade',
      });
      assert.equal(checkContext(pmg8Host(), defaultDesired(), 'gw1').phase, 'post-upgrade');
    });
  });

  describe('runChecks()', () => {
    test('finds no error on an untouched PMG 7 host', () => {
      const results = runFor(pmg7Host());

      assert.deepEqual(bySeverity(results, 'error'), []);
      assert.deepEqual(bySeverity(results, 'warning'), [
        'core-services',
        'time-sync',
        'interface-names',
      ]);
    });

    test('finds no error or warning on a finished PMG 8 host', () => {
      const results = runFor(pmg8Host());

      assert.deepEqual(bySeverity(results, 'error'), []);
      assert.deepEqual(bySeverity(results, 'warning'), []);
    });

    test('returns the same diagnostics in the same order on every run', () => {
      assert.deepEqual(runFor(pmg7Host()), runFor(pmg7Host()));
    });

    test('labels every diagnostic with the host', () => {
      assert.ok(runFor(pmg7Host()).every((entry) => entry.host === 'gw1'));
    });

    test('runs the pmg7to8 checks first, in its order', () => {
      const codes = [...new Set(runFor(pmg7Host()).map((entry) => entry.code))];

      assert.deepEqual(codes.slice(0, 6), [
        'package-updates',
        'meta-package-version',
        'pmg-api-version',
        'running-kernel',
        'cluster-config',
        'postgres-version',
      ]);
    });

    test('turns a check that throws into an error and runs the rest', () => {
      const facts = pmg7Host();
      (facts as unknown as { ssh: unknown }).ssh = undefined;
      const results = runFor(facts);
      const failed = results.filter((entry) => entry.code === 'check-failed');

      assert.equal(failed.length, 1);
      assert.equal(failed[0].subject, 'ssh-ciphers');
      assert.match(failed[0].message, /bug in pmgup/);
      assert.ok(results.some((entry) => entry.code === 'interface-names'));
    });

    test('produces diagnostics the plan schema accepts', () => {
      const schemaUrl = new URL('../../../../../schema/plan.schema.json', import.meta.url);
      const schema = JSON.parse(readFileSync(schemaUrl, 'utf8')) as { $id: string };
      const ajv = new Ajv2020({ allErrors: true, strict: false });
      ajv.addSchema(schema);
      const validate = ajv.getSchema(`${schema.$id}#/$defs/diagnostic`);
      assert.ok(validate, 'no diagnostic definition in schema/plan.schema.json');

      for (const facts of [pmg7Host(), pmg8Host(), messyHost()]) {
        for (const entry of runFor(facts)) {
          assert.ok(
            validate(JSON.parse(JSON.stringify(entry))),
            `${entry.code}: ${ajv.errorsText(validate.errors)}`,
          );
        }
      }
    });

    test('names every check once', () => {
      const names = CHECKS.map(([name]) => name);

      assert.equal(new Set(names).size, names.length);
    });
  });

  // Each field case: facts that show it, and the diagnostic it must raise
  // through the full set of checks.
  describe('field cases', () => {
    const cases: {
      name: string;
      facts: () => HostFacts;
      code: string;
      severity: Diagnostic['severity'];
    }[] = [
      {
        name: 'stats_temp_directory in a template override',
        facts: () => {
          const facts = pmg7Host();
          const content =
            "stats_temp_directory = '/var/run/postgresql/<* postgres.version *>-main.pg_stat_tmp'\n";
          facts.pmg.templateOverrides = [
            {
              name: 'postgresql.conf.in',
              override: fileFact('/etc/pmg/templates/postgresql.conf.in', content),
              shipped: null,
            },
          ];
          return facts;
        },
        code: 'template-obsolete-setting',
        severity: 'warning',
      },
      {
        name: 'a rejected setting in createcluster.conf',
        facts: () => {
          const facts = pmg7Host();
          facts.postgres.createclusterConf = fileFact(
            '/etc/postgresql-common/createcluster.conf',
            'vacuum_cleanup_index_scale_factor = 0.1\n',
          );
          return facts;
        },
        code: 'createcluster-conf',
        severity: 'error',
      },
      {
        name: 'no room for a second database copy',
        facts: () => {
          const facts = pmg7Host();
          facts.postgres.clusters[0].sizeBytes = 30_000_000_000;
          return facts;
        },
        code: 'database-free-space',
        severity: 'error',
      },
      {
        name: 'an interrupted dpkg run',
        facts: () => {
          const facts = pmg7Host();
          facts.dpkg.interrupted = true;
          return facts;
        },
        code: 'dpkg-state',
        severity: 'warning',
      },
      {
        name: 'a held package before the release upgrade',
        facts: () => {
          const facts = pmg7Host();
          facts.apt.held = ['clamav-daemon'];
          return facts;
        },
        code: 'apt-held',
        severity: 'error',
      },
      {
        name: 'a dist-upgrade that removes postfix',
        facts: () => {
          const facts = pmg7Host();
          delete facts.packages['linux-image-amd64'];
          facts.apt.pending.remove = ['postfix'];
          return facts;
        },
        code: 'apt-removals',
        severity: 'error',
      },
      {
        name: 'non-free without non-free-firmware',
        facts: () => {
          const facts = pmg7Host();
          setAptFile(
            facts,
            '/etc/apt/sources.list',
            'deb http://deb.debian.org/debian bullseye main non-free\n',
          );
          return facts;
        },
        code: 'apt-non-free-firmware',
        severity: 'notice',
      },
      {
        name: 'a third-party repository on bullseye',
        facts: () => {
          const facts = pmg7Host();
          setAptFile(
            facts,
            '/etc/apt/sources.list.d/vendor.list',
            'deb https://repo.example.com/apt bullseye main\n',
          );
          return facts;
        },
        code: 'apt-third-party',
        severity: 'error',
      },
      {
        name: 'clamav-clamonacc failed after the upgrade',
        facts: () => {
          const facts = pmg8Host();
          facts.units['clamav-clamonacc.service'] = unit('failed', 'enabled');
          return facts;
        },
        code: 'clamav-onaccess',
        severity: 'warning',
      },
      {
        name: 'pmg-api older than 7.3-4',
        facts: () => {
          const facts = pmg7Host();
          facts.packages['pmg-api'] = pkg('7.3-3');
          return facts;
        },
        code: 'pmg-api-version',
        severity: 'error',
      },
      {
        name: 'pmg-api half-configured after the dist-upgrade',
        facts: () => {
          const facts = pmg8Host();
          facts.packages['pmg-api'] = pkg('8.1.4', { status: 'half-configured' });
          return facts;
        },
        code: 'pmg-api-version',
        severity: 'warning',
      },
    ];

    for (const entry of cases) {
      test(entry.name, () => {
        const found = runFor(entry.facts()).filter((result) => result.code === entry.code);

        assert.ok(found.length > 0, `no ${entry.code} diagnostic`);
        assert.deepEqual([...new Set(found.map((result) => result.severity))], [entry.severity]);
      });
    }
  });
});

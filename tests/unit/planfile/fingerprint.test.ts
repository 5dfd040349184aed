import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';

import {
  ABSENT,
  canonicalJson,
  compareFingerprints,
  factAt,
  fingerprintFacts,
} from '../../../lib/planfile/fingerprint.js';
import { parseFactKey } from '../../../lib/planfile/fact-key.js';
import { clone, cluster, fileFact, maskedUnit, pmg7Host } from '../../support/facts.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Returns the PMG 7 host with one template override, so every identity rule has an element to find. */
function host() {
  const facts = pmg7Host();
  facts.pmg.templateOverrides.push({
    name: 'postgresql.conf.in',
    override: fileFact('/etc/pmg/templates/postgresql.conf.in', 'stats_temp_directory = x\n'),
    shipped: null,
  });

  return facts;
}

describe('planfile/fingerprint', () => {
  describe('factAt()', () => {
    const facts = host();
    const cases: [string, unknown][] = [
      ['os.codename', 'bullseye'],
      ['units[postfix.service]', facts.units['postfix.service']],
      ['units[postfix.service].activeState', 'active'],
      ['packages[postgresql-13]', facts.packages['postgresql-13']],
      ['packages[postgresql-13].version', '13.16-0+deb11u1'],
      ['apt.files[/etc/apt/sources.list]', facts.apt.files[0]],
      ['apt.files[/etc/apt/sources.list.d/pmg.list].sha256', facts.apt.files[1]!.sha256],
      ['conffiles[/etc/issue]', facts.conffiles[0]],
      ['disk[/var/lib/postgresql].availableBytes', 20_000_000_000],
      ['postgres.clusters[13/main]', facts.postgres.clusters[0]],
      [
        'postgres.clusters[13/main].databases',
        ['postgres', 'template0', 'template1', 'Proxmox_ruledb'],
      ],
      [
        'pmg.templateOverrides[postgresql.conf.in].override.path',
        '/etc/pmg/templates/postgresql.conf.in',
      ],
      ['network.interfaces[eth0].mac', '52:54:00:12:34:56'],
      ['certificates[/etc/pmg/pmg-api.pem].keyBits', 4096],
      ['pmg.pmgConf.path', '/etc/pmg/pmg.conf'],
      ['pmg.clusterConf', null],
      ['mailQueueCount', 0],
    ];
    for (const [key, expected] of cases) {
      test(`resolves ${key}`, () => {
        assert.deepEqual(factAt(facts, key), expected);
      });
    }

    const absent = [
      'units[nothing.service]',
      'postgres.clusters[15/main]',
      'postgres.clusters[13/other]',
      'apt.files[/etc/apt/sources.list.d/extra.list]',
      'os.nothing',
      'os.codename.length',
      'units[constructor]',
      'packages[__proto__]',
      'constructor',
      'toString',
      'pmg.clusterConf.path',
      'apt.held[anything]',
      '',
      '[os]',
      'units[',
      'units[]',
      'os..codename',
      'os.',
      '.os',
      'units[postfix.service]activeState',
      '1os',
    ];
    for (const key of absent) {
      test(`treats ${JSON.stringify(key)} as absent`, () => {
        assert.equal(factAt(facts, key), undefined);
      });
    }
  });

  describe('parseFactKey()', () => {
    test('splits fields and selectors', () => {
      assert.deepEqual(parseFactKey('units[postfix.service].activeState'), [
        { field: 'units' },
        { select: 'postfix.service' },
        { field: 'activeState' },
      ]);
      assert.deepEqual(parseFactKey('a[x][y]'), [{ field: 'a' }, { select: 'x' }, { select: 'y' }]);
    });
  });

  describe('canonicalJson()', () => {
    test('sorts keys at every level', () => {
      assert.equal(
        canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' } }),
        '{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}',
      );
    });

    test('drops undefined properties', () => {
      assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
    });
  });

  describe('fingerprintFacts()', () => {
    test('hashes the canonical JSON of each fact', () => {
      const facts = host();
      const prints = fingerprintFacts(facts, [
        'os.codename',
        'units[postfix.service]',
        'pmg.clusterConf',
      ]);

      assert.equal(prints['os.codename'], sha256('"bullseye"'));
      assert.equal(
        prints['units[postfix.service]'],
        sha256(canonicalJson(facts.units['postfix.service'])),
      );
      assert.equal(prints['pmg.clusterConf'], sha256('null'));
    });

    test('missing facts are absent', () => {
      const prints = fingerprintFacts(host(), ['postgres.clusters[15/main]', 'not a key']);

      assert.deepEqual(prints, { 'not a key': ABSENT, 'postgres.clusters[15/main]': ABSENT });
    });

    test('keys come out sorted and unique', () => {
      const prints = fingerprintFacts(host(), [
        'units[postfix.service]',
        'os.codename',
        'os.codename',
      ]);

      assert.deepEqual(Object.keys(prints), ['os.codename', 'units[postfix.service]']);
    });

    test('property order does not matter', () => {
      const facts = host();
      const reordered = clone(facts);
      const unit = facts.units['postfix.service']!;
      reordered.units['postfix.service'] = {
        unitFileState: unit.unitFileState,
        subState: unit.subState,
        activeState: unit.activeState,
        loadState: unit.loadState,
      };

      assert.deepEqual(
        fingerprintFacts(reordered, ['units[postfix.service]']),
        fingerprintFacts(facts, ['units[postfix.service]']),
      );
    });
  });

  describe('compareFingerprints()', () => {
    const keys = [
      'os.codename',
      'units[postfix.service]',
      'postgres.clusters[15/main]',
      'packages[linux-image-amd64]',
    ];

    test('unchanged host is not stale', () => {
      const saved = fingerprintFacts(host(), keys);

      assert.deepEqual(compareFingerprints(saved, host()), []);
    });

    test('lists changed, appeared and disappeared facts', () => {
      const saved = fingerprintFacts(host(), keys);
      const now = host();
      now.units['postfix.service'] = maskedUnit();
      now.postgres.clusters.push(cluster(15, 5433, ['postgres', 'template0', 'template1']));
      delete now.packages['linux-image-amd64'];

      const stale = compareFingerprints(saved, now);

      assert.deepEqual(
        stale.map((s) => [s.key, s.change]),
        [
          ['packages[linux-image-amd64]', 'disappeared'],
          ['postgres.clusters[15/main]', 'appeared'],
          ['units[postfix.service]', 'changed'],
        ],
      );
      assert.equal(stale[0]!.after, ABSENT);
      assert.match(stale[0]!.before, /^present \(fingerprint [0-9a-f]{8}…\)$/);
      assert.equal(stale[1]!.before, ABSENT);
      assert.match(stale[1]!.after, /^\{"version": 15, "name": "main", "port": 5433/);
      assert.equal(
        stale[2]!.after,
        '{"loadState": "masked", "activeState": "inactive", "subState": "dead", "unitFileState": "masked"}'.slice(
          0,
          60,
        ) + '…',
      );
    });
  });
});

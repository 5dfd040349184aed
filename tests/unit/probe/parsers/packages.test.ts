import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { heldPackages, parseListTimes, parsePackages } from '../../../../lib/probe/parsers/packages.js';
import { assertRejected, fixtureSection, recordedSection, section } from '../helpers.js';

describe('parsers/packages', () => {
  describe('parseListTimes()', () => {
    test('keys keep the architecture qualifier', () => {
      const times = parseListTimes(fixtureSection('dpkg-lists', 'bookworm/dpkg-info-list-mtimes.txt'));

      assert.equal(times.get('adduser'), 1747699200);
      assert.equal(times.get('libc6:amd64'), 1779294443);
      assert.equal(times.has('libc6'), false);
    });

    test('path outside dpkg info is rejected', () => {
      assertRejected(() => parseListTimes(section('dpkg-lists', '1 /tmp/x.list\n')), 'dpkg-lists', 1);
    });
  });

  describe('parsePackages()', () => {
    const times = () => parseListTimes(fixtureSection('dpkg-lists', 'bookworm/dpkg-info-list-mtimes.txt'));

    test('drops architecture qualifiers from names', () => {
      const packages = parsePackages(fixtureSection('packages', 'bookworm/dpkg-query-W.txt'), times(), 'amd64');

      assert.equal(packages['libc6']?.version, '2.36-9+deb12u14');
      assert.equal(packages['libc6:amd64'], undefined);
      assert.equal(packages['binutils-common']?.architecture, 'amd64');
      assert.equal(packages['openssh-client']?.version, '1:9.2p1-2+deb12u10');
    });

    test('reads status and list time', () => {
      const packages = parsePackages(fixtureSection('packages', 'bookworm/dpkg-query-W.txt'), times(), 'amd64');

      assert.deepEqual(packages['libc6'], {
        version: '2.36-9+deb12u14',
        architecture: 'amd64',
        want: 'install',
        status: 'installed',
        reinstallRequired: false,
        unpackedAt: 1779294443,
      });
      assert.equal(packages['tzdata']?.unpackedAt, null);
    });

    test('every recorded package parses', () => {
      const packages = parsePackages(recordedSection('bookworm/probe-run.txt', 'packages'), new Map(), 'amd64');

      assert.ok(Object.keys(packages).length > 100);
      assert.equal(packages['dpkg']?.status, 'installed');
    });

    test('reads hold, half-configured and reinstreq', () => {
      const body = [
        'pmg-api\t7.3-12\tall\thold ok installed',
        'postfix\t3.5.25-0+deb11u1\tamd64\tinstall reinstreq half-configured',
        'postgresql-13\t13.16-0+deb11u1\tamd64\tdeinstall ok config-files',
        'foo\t\t\tunknown ok not-installed',
        'bar\t\t\tpurge ok not-installed',
      ].join('\n');
      const packages = parsePackages(section('packages', body), new Map(), 'amd64');

      assert.equal(packages['pmg-api']?.want, 'hold');
      assert.equal(packages['postfix']?.status, 'half-configured');
      assert.equal(packages['postfix']?.reinstallRequired, true);
      assert.equal(packages['postgresql-13']?.status, 'config-files');
      assert.equal('foo' in packages, false);
      assert.equal('bar' in packages, false);
      assert.deepEqual(heldPackages(packages), ['pmg-api']);
    });

    test('native architecture wins over a foreign one', () => {
      const body = 'libc6:i386\t2.31-13\ti386\tinstall ok installed\nlibc6:amd64\t2.31-13\tamd64\tinstall ok installed\n';
      const packages = parsePackages(section('packages', body), new Map([['libc6:amd64', 5]]), 'amd64');

      assert.equal(packages['libc6']?.architecture, 'amd64');
      assert.equal(packages['libc6']?.unpackedAt, 5);
    });

    for (const [title, text] of [
      ['unknown status', 'x\t1\tall\tinstall ok weird'],
      ['unknown error flag', 'x\t1\tall\tinstall broken installed'],
      ['missing column', 'x\t1\tinstall ok installed'],
      ['space in version', 'x\t1 2\tall\tinstall ok installed'],
      ['upper-case name', 'X\t1\tall\tinstall ok installed'],
    ] as const) {
      test(`${title} is rejected`, () => {
        assertRejected(() => parsePackages(section('packages', `a\t1\tall\tinstall ok installed\n${text}\n`), new Map(), null), 'packages', 2);
      });
    }
  });
});

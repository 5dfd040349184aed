import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';

import { parseAptSimulation, parseAptSources, parseListedSuites } from '../../../../lib/probe/parsers/apt.js';
import { assertRejected, fixtureSection, recordedSection, section } from '../helpers.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const record = (path: string, content: string) => `file ${b64(path)} ${content.length} - b${b64(content)}`;

describe('parsers/apt', () => {
  describe('parseAptSources()', () => {
    test('reads the recorded deb822 file', () => {
      const [file, ...rest] = parseAptSources(recordedSection('bookworm/probe-run.txt', 'apt-sources'));

      assert.equal(rest.length, 0);
      assert.equal(file.path, '/etc/apt/sources.list.d/debian.sources');
      assert.equal(file.format, 'sources');
      assert.match(file.content, /^Types: deb$/m);
      assert.equal(file.redacted, false);
    });

    test('redacts credentials and keeps the real checksum', () => {
      const text = 'deb https://user:s3cret@enterprise.proxmox.com/debian/pmg bullseye pmg-enterprise\n';
      const [file] = parseAptSources(section('apt-sources', `${record('/etc/apt/sources.list.d/pmg.list', text)}\n`));

      assert.equal(file.content, 'deb https://***@enterprise.proxmox.com/debian/pmg bullseye pmg-enterprise\n');
      assert.equal(file.redacted, true);
      assert.equal(file.sha256, createHash('sha256').update(text).digest('hex'));
      assert.equal(file.content.includes('s3cret'), false);
    });

    test('missing sources.list is left out', () => {
      const body = `missing ${b64('/etc/apt/sources.list')}\n${record('/etc/apt/sources.list.d/a.list', 'deb x y z\n')}\n`;

      assert.deepEqual(parseAptSources(section('apt-sources', body)).map((file) => file.path), ['/etc/apt/sources.list.d/a.list']);
    });

    test('file outside the apt sources is rejected', () => {
      assertRejected(() => parseAptSources(section('apt-sources', `${record('/etc/shadow', 'x')}\n`)), 'apt-sources', 1);
    });

    test('file without content is rejected', () => {
      const body = `file ${b64('/etc/apt/sources.list')} 20000000 ${'0'.repeat(64)} -\n`;

      assertRejected(() => parseAptSources(section('apt-sources', body)), 'apt-sources', 1);
    });
  });

  describe('parseListedSuites()', () => {
    test('strips the Release suffixes', () => {
      assert.deepEqual(parseListedSuites(recordedSection('bookworm/probe-run.txt', 'apt-lists')), [
        'deb.debian.org_debian-security_dists_bookworm-security',
        'deb.debian.org_debian_dists_bookworm',
        'deb.debian.org_debian_dists_bookworm-updates',
      ]);
    });

    test('Release and InRelease of one suite count once', () => {
      const body = 'a_dists_bullseye_Release\na_dists_bullseye_InRelease\n';

      assert.deepEqual(parseListedSuites(section('apt-lists', body)), ['a_dists_bullseye']);
    });

    test('other file names are rejected', () => {
      assertRejected(() => parseListedSuites(section('apt-lists', 'lock\n')), 'apt-lists', 1);
    });
  });

  describe('parseAptSimulation()', () => {
    test('reads upgrades from a recorded dist-upgrade', () => {
      const simulation = parseAptSimulation(fixtureSection('apt-simulate', 'bookworm/apt-get-s-dist-upgrade.txt'));

      assert.equal(simulation.error, null);
      assert.deepEqual(simulation.remove, []);
      assert.deepEqual(simulation.install[0], { name: 'base-files', version: '12.4+deb12u15', from: '12.4+deb12u11' });
      assert.ok(simulation.install.some((entry) => entry.name === 'zlib1g' && entry.version === '1:1.2.13.dfsg-1+deb12u1'));
    });

    test('reads new installs and removals', () => {
      const simulation = parseAptSimulation(fixtureSection('apt-simulate', 'bookworm/apt-get-s-install-remove.txt'));

      assert.deepEqual(simulation.install, [{ name: 'hello', version: '2.10-3', from: null }]);
      assert.deepEqual(simulation.remove, ['postgresql', 'postgresql-contrib', 'postgresql-15', 'postgresql-common']);
    });

    test('failed simulation keeps the error lines', () => {
      const simulation = parseAptSimulation(fixtureSection('apt-simulate', 'bookworm/apt-get-s-malformed-source.txt', 100));

      assert.match(simulation.error ?? '', /^E: Malformed entry 1 in list file \/tmp\/bad.list \(Suite\)$/m);
      assert.deepEqual(simulation.install, []);
    });

    test('timeout is named', () => {
      assert.match(parseAptSimulation(section('apt-simulate', '', 124)).error ?? '', /within 120 seconds/);
    });

    test('architecture qualifiers are dropped', () => {
      const body = 'Inst libc6:i386 [2.31-13] (2.36-9 Debian:12/stable [i386])\nRemv libfoo:i386 [1]\n';
      const simulation = parseAptSimulation(section('apt-simulate', body));

      assert.equal(simulation.install[0].name, 'libc6');
      assert.deepEqual(simulation.remove, ['libfoo']);
    });

    test('garbled Inst line is rejected', () => {
      assertRejected(() => parseAptSimulation(section('apt-simulate', 'Inst pkg\n')), 'apt-simulate', 1);
      assertRejected(() => parseAptSimulation(section('apt-simulate', 'Inst pkg [1.0]\n')), 'apt-simulate', 1);
    });
  });
});

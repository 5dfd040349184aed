import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { aptRecords, originOf, releaseOf } from '../../../../lib/plan/checks/apt-entries.js';
import { pmg7Host } from '../../../support/facts.js';
import { setAptFile } from './support.js';

describe('checks/apt-entries', () => {
  describe('releaseOf()', () => {
    const cases: [string, string][] = [
      ['bullseye', 'bullseye'],
      ['bullseye-security', 'bullseye'],
      ['bullseye/updates', 'bullseye'],
      ['bullseye-proposed-updates', 'bullseye'],
      ['bullseye-backports', 'bullseye'],
      ['bullseye-debug', 'bullseye'],
      ['bullseye-updates-debug', 'bullseye'],
      ['debian-bookworm', 'bookworm'],
      ['stable', 'stable'],
    ];
    for (const [suite, release] of cases) {
      test(`maps ${suite} to ${release}`, () => {
        assert.equal(releaseOf(suite), release);
      });
    }
  });

  describe('originOf()', () => {
    test('classifies Debian hosts', () => {
      assert.equal(originOf('http://deb.debian.org/debian', ['main']), 'debian');
      assert.equal(originOf('http://security.debian.org/debian-security', ['main']), 'debian');
    });

    test('classifies a Debian mirror by path and components', () => {
      assert.equal(originOf('http://mirror.example.net/debian/', ['main', 'contrib']), 'debian');
    });

    test('does not take Docker for Debian', () => {
      assert.equal(originOf('https://download.docker.com/linux/debian', ['stable']), 'third-party');
    });

    test('classifies PMG repositories', () => {
      assert.equal(
        originOf('https://enterprise.proxmox.com/debian/pmg', ['pmg-enterprise']),
        'pmg',
      );
      assert.equal(originOf('http://download.proxmox.com/debian/pmg', ['pmgtest']), 'pmg');
    });

    test('treats other Proxmox repositories as third-party', () => {
      assert.equal(
        originOf('http://download.proxmox.com/debian/pbs-client', ['main']),
        'third-party',
      );
    });

    test('ignores redacted credentials', () => {
      assert.equal(originOf('https://***@deb.debian.org/debian', ['main']), 'debian');
    });
  });

  test('reads deb822 stanzas and skips disabled ones', () => {
    const facts = pmg7Host();
    setAptFile(
      facts,
      '/etc/apt/sources.list.d/debian.sources',
      'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bullseye bullseye-updates\nComponents: main\n\nTypes: deb\nURIs: http://x.example/debian\nSuites: bullseye\nComponents: main\nEnabled: no\n',
    );
    const records = aptRecords(facts).records.filter((record) =>
      record.entry.file.endsWith('.sources'),
    );

    assert.deepEqual(
      records.map((record) => [record.suite, record.entry.stanza]),
      [
        ['bullseye', 1],
        ['bullseye-updates', 1],
      ],
    );
  });
});

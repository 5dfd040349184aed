import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { aptRecords, releaseOf } from '../../../../lib/plan/checks/apt-entries.js';
import { pmg7Host } from '../../../support/facts.js';
import { defaultDesired, setAptFile } from './support.js';

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
      ['bullseye-pgdg', 'bullseye'],
      ['stable', 'stable'],
    ];
    for (const [suite, release] of cases) {
      test(`maps ${suite} to ${release}`, () => {
        assert.equal(releaseOf(suite), release);
      });
    }
  });

  describe('origin', () => {
    function originsOf(content: string): string[] {
      const facts = pmg7Host();
      setAptFile(facts, '/etc/apt/sources.list.d/extra.list', content);

      return aptRecords(facts, defaultDesired())
        .records.filter((record) => record.entry.file.endsWith('extra.list'))
        .map((record) => record.origin);
    }

    test('classifies Debian hosts and mirrors', () => {
      assert.deepEqual(
        originsOf(
          'deb http://security.debian.org/debian-security bullseye-security main\ndeb http://mirror.example.net/debian/ bullseye main contrib\n',
        ),
        ['debian', 'debian'],
      );
    });

    test('does not take Docker for Debian', () => {
      assert.deepEqual(
        originsOf('deb https://download.docker.com/linux/debian bullseye stable\n'),
        ['third-party'],
      );
    });

    test('classifies PMG repositories', () => {
      assert.deepEqual(originsOf('deb http://download.proxmox.com/debian/pmg bullseye pmgtest\n'), [
        'pmg',
      ]);
    });

    test('treats other Proxmox repositories as third-party', () => {
      assert.deepEqual(
        originsOf('deb http://download.proxmox.com/debian/pbs-client bullseye main\n'),
        ['third-party'],
      );
    });
  });

  test('reads deb822 stanzas and skips disabled ones', () => {
    const facts = pmg7Host();
    setAptFile(
      facts,
      '/etc/apt/sources.list.d/debian.sources',
      'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bullseye bullseye-updates\nComponents: main\n\nTypes: deb\nURIs: http://x.example/debian\nSuites: bullseye\nComponents: main\nEnabled: no\n',
    );
    const records = aptRecords(facts, defaultDesired()).records.filter((record) =>
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

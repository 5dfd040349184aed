import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseDisk } from '../../../../lib/probe/parsers/disk.js';
import { parseDpkg } from '../../../../lib/probe/parsers/dpkg.js';
import { assertRejected, recordedSection, section } from '../helpers.js';

describe('parsers/disk', () => {
  describe('parseDisk()', () => {
    test('reports every recorded path', () => {
      const disks = parseDisk(recordedSection('bookworm/probe-run.txt', 'disk'));

      assert.deepEqual(disks.map((disk) => disk.path), ['/', '/var', '/var/cache/apt/archives', '/var/lib/postgresql', '/boot']);
      assert.ok(disks.every((disk) => disk.mountPoint === '/' && disk.availableBytes <= disk.sizeBytes));
    });

    test('absent and unmeasured paths are left out', () => {
      const body = 'disk / 1000 500 /\nabsent /boot\ndisk /var \ndisk /srv/mail 10 5 /srv/mail dir\n';

      assert.deepEqual(parseDisk(section('disk', body)), [
        { path: '/', mountPoint: '/', sizeBytes: 1000, availableBytes: 500 },
        { path: '/srv/mail', mountPoint: '/srv/mail dir', sizeBytes: 10, availableBytes: 5 },
      ]);
    });

    test('df header is rejected', () => {
      assertRejected(() => parseDisk(section('disk', 'disk / 1B-blocks Avail Mounted on\n')), 'disk', 1);
    });
  });
});

describe('parsers/dpkg', () => {
  describe('parseDpkg()', () => {
    test('files in updates mean an interrupted run', () => {
      const dpkg = parseDpkg(section('dpkg-state', 'updates 2\n'), section('dpkg-audit', 'The following packages are only half configured:\n postfix\n'));

      assert.equal(dpkg.interrupted, true);
      assert.deepEqual(dpkg.auditLines, ['The following packages are only half configured:', ' postfix']);
    });

    test('recorded host is healthy', () => {
      const run = 'bookworm/probe-run.txt';

      assert.deepEqual(parseDpkg(recordedSection(run, 'dpkg-state'), recordedSection(run, 'dpkg-audit')), { interrupted: false, auditLines: [] });
    });
  });
});

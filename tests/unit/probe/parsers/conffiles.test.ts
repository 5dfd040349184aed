import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseConffiles, parseMd5Sums } from '../../../../lib/probe/parsers/conffiles.js';
import { assertRejected, fixtureSection, section } from '../helpers.js';

describe('parsers/conffiles', () => {
  describe('parseMd5Sums()', () => {
    test('reads md5sum output by path', () => {
      const sums = parseMd5Sums(fixtureSection('conffile-md5', 'bookworm/md5sum-conffiles.txt'));

      assert.equal(sums.get('/etc/adduser.conf'), 'cc3493ecd2d09837ffdcc3e25fdfff18');
      assert.equal(sums.size, 11);
    });

    test('unescapes names md5sum escaped', () => {
      const sums = parseMd5Sums(fixtureSection('conffile-md5', 'bookworm/md5sum-escaped-names.txt'));

      assert.equal(sums.get('/tmp/weird/back\\slash'), '401b30e3b8b5d629635a5c613cdb7919');
      assert.equal(sums.get('/tmp/weird/new\nline'), '009520053b00386d1173f3988c55d192');
    });

    test('error text on stdout is rejected', () => {
      assertRejected(() => parseMd5Sums(section('conffile-md5', 'md5sum: /etc/x: No such file or directory\n')), 'conffile-md5', 1);
    });
  });

  describe('parseConffiles()', () => {
    test('joins recorded and current checksums', () => {
      const sums = parseMd5Sums(fixtureSection('conffile-md5', 'bookworm/md5sum-conffiles.txt'));
      const conffiles = parseConffiles(fixtureSection('conffiles', 'bookworm/dpkg-query-conffiles.txt'), sums);

      assert.equal(conffiles.length, 13);
      assert.deepEqual(conffiles[0], {
        path: '/etc/adduser.conf',
        package: 'adduser',
        recordedMd5: 'cc3493ecd2d09837ffdcc3e25fdfff18',
        currentMd5: 'cc3493ecd2d09837ffdcc3e25fdfff18',
        obsolete: false,
      });
    });

    test('newconffile with remove-on-upgrade has no current checksum', () => {
      const conffiles = parseConffiles(fixtureSection('conffiles', 'bookworm/dpkg-query-conffiles.txt'), new Map());
      const hook = conffiles.find((entry) => entry.package === 'pkgconf');

      assert.equal(hook?.path, '/etc/dpkg/dpkg.cfg.d/pkgconf-hook-config');
      assert.equal(hook?.recordedMd5, 'newconffile');
      assert.equal(hook?.obsolete, false);
      assert.equal(hook?.currentMd5, null);
    });

    test('reads obsolete and paths with spaces', () => {
      const body = 'pmg-api\n /etc/pmg/old name.conf 0123456789abcdef0123456789abcdef obsolete\n';
      const [entry] = parseConffiles(section('conffiles', body), new Map());

      assert.equal(entry.path, '/etc/pmg/old name.conf');
      assert.equal(entry.obsolete, true);
    });

    test('conffile line before any package is rejected', () => {
      assertRejected(() => parseConffiles(section('conffiles', ' /etc/x 0123456789abcdef0123456789abcdef\n'), new Map()), 'conffiles', 1);
    });

    test('short checksum is rejected', () => {
      assertRejected(() => parseConffiles(section('conffiles', 'x\n /etc/x 0123\n'), new Map()), 'conffiles', 2);
    });
  });
});

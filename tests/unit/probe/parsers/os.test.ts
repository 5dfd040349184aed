import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseOs, parseOsRelease } from '../../../../lib/probe/parsers/os.js';
import { assertRejected, fixture, recordedSection, section } from '../helpers.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('parsers/os', () => {
  describe('parseOsRelease()', () => {
    test('reads the recorded os-release', () => {
      const values = parseOsRelease(fixture('bookworm/os-release'));

      assert.equal(values.get('ID'), 'debian');
      assert.equal(values.get('VERSION_CODENAME'), 'bookworm');
      assert.equal(values.get('PRETTY_NAME'), 'Debian GNU/Linux 12 (bookworm)');
    });

    test('removes single and double quotes', () => {
      const values = parseOsRelease(`A='x "y"'\nB="a \\"b\\" \\$c"\n# C=comment\nD=plain\n`);

      assert.equal(values.get('A'), 'x "y"');
      assert.equal(values.get('B'), 'a "b" $c');
      assert.equal(values.has('C'), false);
      assert.equal(values.get('D'), 'plain');
    });
  });

  describe('parseOs()', () => {
    test('reads the recorded os section', () => {
      assert.deepEqual(parseOs(recordedSection('bookworm/probe-run.txt', 'os')), {
        id: 'debian',
        versionId: '12',
        codename: 'bookworm',
        prettyName: 'Debian GNU/Linux 12 (bookworm)',
        debianVersion: fixture('bookworm/debian_version').trim(),
      });
    });

    test('codename comes from VERSION when the field is missing', () => {
      const osRelease = 'ID=debian\nVERSION_ID="11"\nVERSION="11 (bullseye)"\n';
      const body = `file ${b64('/etc/os-release')} 1 - b${b64(osRelease)}\nfile ${b64('/etc/debian_version')} 5 - b${b64('11.9\n')}\n`;

      assert.equal(parseOs(section('os', body)).codename, 'bullseye');
      assert.equal(parseOs(section('os', body)).debianVersion, '11.9');
    });

    test('missing files leave fields empty', () => {
      const body = `missing ${b64('/usr/lib/os-release')}\nmissing ${b64('/etc/debian_version')}\n`;

      assert.deepEqual(parseOs(section('os', body)), { id: '', versionId: '', codename: '', prettyName: '', debianVersion: '' });
    });

    test('a third record is rejected', () => {
      const body = `missing ${b64('/a')}\nmissing ${b64('/b')}\nmissing ${b64('/c')}\n`;

      assertRejected(() => parseOs(section('os', body)), 'os', 3);
    });
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseClamav, parseDkms, parseLocale, parseSsh } from '../../../../lib/probe/parsers/host-config.js';
import { assertRejected, recordedSection, section } from '../helpers.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const RUN = 'bookworm/probe-run.txt';

describe('parsers/host-config', () => {
  describe('parseSsh()', () => {
    test('recorded host has no root ssh config', () => {
      assert.deepEqual(parseSsh(recordedSection(RUN, 'ssh')), { rootConfigExists: false, rootConfigCipherLines: [] });
    });

    test('keeps cipher lines with their numbers', () => {
      const ssh = parseSsh(section('ssh', 'exists yes\nline 4:  Ciphers aes128-ctr,3des-cbc\nline 9:ciphers=blowfish-cbc\n'));

      assert.deepEqual(ssh.rootConfigCipherLines, [
        { line: 4, text: '  Ciphers aes128-ctr,3des-cbc' },
        { line: 9, text: 'ciphers=blowfish-cbc' },
      ]);
    });

    test('line without number is rejected', () => {
      assertRejected(() => parseSsh(section('ssh', 'exists yes\nCiphers x\n')), 'ssh', 2);
    });
  });

  describe('parseDkms()', () => {
    test('exit status 127 means not installed', () => {
      assert.deepEqual(parseDkms(recordedSection(RUN, 'dkms')), { installed: false, statusLines: [] });
    });

    test('keeps status lines', () => {
      const dkms = parseDkms(section('dkms', 'zfs/2.1.11, 5.15.158-2-pve, x86_64: installed\n'));

      assert.deepEqual(dkms, { installed: true, statusLines: ['zfs/2.1.11, 5.15.158-2-pve, x86_64: installed'] });
    });
  });

  describe('parseClamav()', () => {
    test('keeps OnAccess lines trimmed', () => {
      assert.deepEqual(parseClamav(section('clamav', 'OnAccessIncludePath /home\n  OnAccessPrevention yes\n')).onAccessSettings, [
        'OnAccessIncludePath /home',
        'OnAccessPrevention yes',
      ]);
    });
  });

  describe('parseLocale()', () => {
    test('recorded locale file sets no LANG', () => {
      assert.deepEqual(parseLocale(recordedSection(RUN, 'locale')), { lang: null, available: ['C', 'C.utf8', 'POSIX'] });
    });

    test('reads a quoted LANG', () => {
      const body = `file ${b64('/etc/default/locale')} 20 - b${b64('LANG="en_US.UTF-8"\n')}\navailable C\n`;

      assert.equal(parseLocale(section('locale', body)).lang, 'en_US.UTF-8');
    });

    test('record for another file is rejected', () => {
      assertRejected(() => parseLocale(section('locale', `missing ${b64('/etc/locale.gen')}\n`)), 'locale', 1);
    });
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseCertificates } from '../../../../lib/probe/parsers/certificates.js';
import { assertRejected, fixtureSection, recordedSection, section } from '../helpers.js';

describe('parsers/certificates', () => {
  describe('parseCertificates()', () => {
    test('reads RSA and EC keys from OpenSSL 3 output', () => {
      assert.deepEqual(parseCertificates(fixtureSection('certificates', 'bookworm/certificates-section.txt')), [
        { path: '/etc/pmg/pmg-api.pem', keyType: 'rsa', keyBits: 2048 },
        { path: '/etc/pmg/pmg-tls.pem', keyType: 'ec', keyBits: 256 },
      ]);
    });

    test('reads the OpenSSL 1.1 size line', () => {
      const body = 'cert /etc/pmg/pmg-api.pem yes\nkey Public Key Algorithm: rsaEncryption\nkey RSA Public-Key: (4096 bit)\n';

      assert.equal(parseCertificates(section('certificates', body))[0].keyBits, 4096);
    });

    test('missing files are left out', () => {
      assert.deepEqual(parseCertificates(recordedSection('bookworm/probe-run.txt', 'certificates')), []);
    });

    test('unreadable certificate has unknown key', () => {
      assert.deepEqual(parseCertificates(section('certificates', 'cert /etc/pmg/pmg-tls.pem yes\n')), [
        { path: '/etc/pmg/pmg-tls.pem', keyType: null, keyBits: null },
      ]);
    });

    test('key line before a cert line is rejected', () => {
      assertRejected(() => parseCertificates(section('certificates', 'key Public-Key: (1024 bit)\n')), 'certificates', 1);
    });
  });
});

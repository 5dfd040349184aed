import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkCertificates } from '../../../../lib/plan/checks/certificates.js';
import type { CertificateFact } from '../../../../lib/probe/facts.js';
import { pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired } from './support.js';

function runWith(certificates: CertificateFact[]) {
  const facts = pmg7Host();
  facts.certificates = certificates;

  return checkCertificates(facts, defaultDesired(), contextFor('pre-upgrade'));
}

const API = '/etc/pmg/pmg-api.pem';
const TLS = '/etc/pmg/pmg-tls.pem';

describe('checks/certificates', () => {
  test('passes the stock certificates', () => {
    assert.deepEqual(
      runWith(pmg7Host().certificates).map((entry) => entry.severity),
      ['pass', 'pass'],
    );
  });

  test('fails a 1024-bit RSA key', () => {
    const [result] = runWith([{ path: API, keyType: 'rsaEncryption', keyBits: 1024 }]);

    assert.equal(result.severity, 'error');
    assert.match(result.message, /RSA key has 1024 bits.*at least 2048/);
    assert.match(result.fix ?? '', /pmgconfig apicert --force/);
    assert.deepEqual(result.location, { file: API });
  });

  test('names 224 bits for a weak EC key', () => {
    const [result] = runWith([{ path: TLS, keyType: 'id-ecPublicKey', keyBits: 192 }]);

    assert.equal(result.severity, 'error');
    assert.match(result.message, /EC key has 192 bits.*at least 224/);
    assert.doesNotMatch(result.message, /2048/);
  });

  test('passes a 256-bit EC key', () => {
    assert.equal(runWith([{ path: TLS, keyType: 'ec', keyBits: 256 }])[0].severity, 'pass');
  });

  test('warns once for an unknown key type', () => {
    const results = runWith([{ path: API, keyType: null, keyBits: null }]);

    assert.equal(results.length, 1);
    assert.equal(results[0].severity, 'warning');
  });

  test('passes an Ed25519 key', () => {
    assert.equal(runWith([{ path: API, keyType: 'ED25519', keyBits: 256 }])[0].severity, 'pass');
  });

  test('skips without certificates', () => {
    assert.equal(runWith([])[0].severity, 'skip');
  });
});

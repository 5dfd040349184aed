import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkSshCiphers } from '../../../../lib/plan/checks/ssh-ciphers.js';
import type { HostFacts } from '../../../../lib/probe/facts.js';
import { pmg7Host } from '../../../support/facts.js';
import { contextFor, defaultDesired } from './support.js';

function runWith(
  lines: { line: number; text: string }[] | null,
): ReturnType<typeof checkSshCiphers> {
  const facts: HostFacts = pmg7Host();
  facts.ssh = { rootConfigExists: lines !== null, rootConfigCipherLines: lines ?? [] };

  return checkSshCiphers(facts, defaultDesired(), contextFor('pre-upgrade'));
}

describe('checks/ssh-ciphers', () => {
  test('skips without a config file', () => {
    assert.equal(runWith(null)[0].severity, 'skip');
  });

  test('passes with modern ciphers', () => {
    assert.equal(
      runWith([{ line: 3, text: 'Ciphers aes256-gcm@openssh.com' }])[0].severity,
      'pass',
    );
  });

  test('fails with the line of a removed cipher', () => {
    const [result] = runWith([{ line: 7, text: 'Ciphers aes128-ctr,3des-cbc' }]);

    assert.equal(result.severity, 'error');
    assert.deepEqual(result.location, { file: '/root/.ssh/config', line: 7 });
  });

  test('catches indented lines inside Host blocks', () => {
    const results = runWith([
      { line: 2, text: '    Ciphers +arcfour256' },
      { line: 9, text: '\tciphers=blowfish-cbc' },
    ]);

    assert.deepEqual(
      results.map((entry) => [entry.severity, entry.location?.line]),
      [
        ['error', 2],
        ['error', 9],
      ],
    );
  });
});

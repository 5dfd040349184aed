/**
 * The test sshd's clean root home: commands run with root's home set to the
 * server's own empty directory, and the machine's /etc/passwd is unchanged.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { startSshd, type TestSshd } from '../../support/sshd.js';

describe('startSshd with cleanRootHome', () => {
  let sshd: TestSshd;
  const passwdBefore = readFileSync('/etc/passwd', 'utf8');

  before(async () => {
    sshd = await startSshd({ cleanRootHome: true });
  });

  after(async () => {
    await sshd.stop();
  });

  it('runs commands with the empty home', () => {
    const output = execFileSync('ssh', ['-F', sshd.clientConfigPath, 'testgw', 'printf %s "$HOME"; ls -A "$HOME" | wc -l'], { encoding: 'utf8' });

    assert.equal(output, `${join(sshd.dir, 'home')}0\n`);
  });

  it('leaves the machine passwd alone', () => {
    assert.equal(readFileSync('/etc/passwd', 'utf8'), passwdBefore);
  });
});

describe('startSshd with kexAlgorithms', () => {
  let sshd: TestSshd;

  before(async () => {
    sshd = await startSshd({ kexAlgorithms: ['curve25519-sha256', 'ecdh-sha2-nistp256'] });
  });

  after(async () => {
    await sshd.stop();
  });

  it('agrees on the first listed exchange', () => {
    const result = spawnSync('ssh', ['-v', '-F', sshd.clientConfigPath, 'testgw', 'true'], { encoding: 'utf8' });

    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /^debug1: kex: algorithm: curve25519-sha256\r?$/m);
  });
});

/**
 * SSH stays strict through the whole command line, against a real sshd on
 * 127.0.0.1. A changed host key stops `pmgup probe` with the fingerprint
 * and the fix before anything runs. A key with a passphrase and no agent
 * fails fast instead of waiting for a prompt. A saved plan edited to name
 * an ssh option as its host is rejected.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';

import { serializePlan } from '../../../lib/planfile/index.js';
import { SshTransport } from '../../../lib/transport/ssh.js';
import { generateKey, startSshd, type TestSshd } from '../../support/sshd.js';
import { smallPlan } from '../planfile/sample-plan.js';
import { runCli, TempDir, type CliRun } from './support.js';

/** Maximum time of a refused login. The connect timeout is 15 s, and a refusal takes well under one. */
const FAST_MS = 10_000;

const temp = new TempDir();
let sshd: TestSshd;
const savedAgent = process.env.SSH_AUTH_SOCK;

before(async () => {
  sshd = await startSshd();
  // No agent, so only the keys on the command line can log in.
  delete process.env.SSH_AUTH_SOCK;
});
after(async () => {
  await sshd?.stop();
  temp.remove();
  if (savedAgent !== undefined) {
    process.env.SSH_AUTH_SOCK = savedAgent;
  }
});
afterEach(() => {
  assert.equal(existsSync(join(temp.path, 'canary')), false, 'a command ran on this machine');
});

/** Runs `pmgup probe` against the test sshd with no ssh config but the given key and known_hosts. */
function probe(identityFile: string, knownHostsFile: string): Promise<CliRun> {
  return runCli([
    'probe',
    '--host',
    `root@127.0.0.1:${sshd.port}`,
    '--ssh-config',
    '/dev/null',
    '--identity-file',
    identityFile,
    '--known-hosts',
    knownHostsFile,
  ]);
}

function assertStopped(run: CliRun, logins: number): void {
  assert.equal(run.status, 1, run.stderr);
  assert.doesNotMatch(run.stderr, /internal error/i, run.stderr);
  assert.equal(run.stdout, '');
  assert.equal(sshd.acceptedLogins(), logins, 'no login was accepted');
  assert.ok(run.durationMs < FAST_MS, `took ${Math.round(run.durationMs)} ms`);
}

describe('ssh strictness through the CLI', () => {
  test('changed host key stops with fingerprint and fix', async () => {
    const knownHosts = temp.write('known_hosts_changed', `[127.0.0.1]:${sshd.port} ${generateKey(join(temp.path, 'impostor_key'))}\n`);
    const logins = sshd.acceptedLogins();
    const run = await probe(sshd.clientKeyPath, knownHosts);

    assertStopped(run, logins);
    assert.match(run.stderr, /^Error: Cannot reach /m);
    assert.ok(run.stderr.includes(sshd.hostKeyFingerprint), run.stderr);
    assert.ok(run.stderr.includes(`ssh-keygen -f ${knownHosts} -R '[127.0.0.1]:${sshd.port}'`), run.stderr);
  });

  test('key with a passphrase and no agent fails fast', async () => {
    const key = join(temp.path, 'passphrase_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'correct horse', '-C', 'pmgup-test', '-f', key]);
    appendFileSync(join(sshd.dir, 'authorized_keys'), readFileSync(`${key}.pub`, 'utf8'));
    const logins = sshd.acceptedLogins();
    const run = await probe(key, sshd.knownHostsPath);

    assertStopped(run, logins);
    assert.match(run.stderr, /rejected every key/);
    assert.match(run.stderr, /batch mode/);
  });

  test('saved plan naming an ssh option as its host is rejected', async () => {
    const plan = smallPlan();
    plan.hosts[0]!.target = `ssh:-oProxyCommand=touch ${join(temp.path, 'canary')}`;
    temp.write('desired.toml', '');
    plan.desiredState.path = 'desired.toml';
    const file = temp.write('proxy.plan.json', serializePlan(plan));
    const run = await runCli(['apply', file, '--auto-approve']);

    assert.equal(run.status, 1, run.stderr);
    assert.doesNotMatch(run.stderr, /internal error/i, run.stderr);
    assert.match(run.stderr, /ProxyCommand/);
  });

  test('the accepted key logs in with the same options', async () => {
    const transport = await SshTransport.create(`root@127.0.0.1:${sshd.port}`, {
      sshConfigFile: '/dev/null',
      identityFile: sshd.clientKeyPath,
      knownHostsFile: sshd.knownHostsPath,
    });
    try {
      const result = await transport.run('echo logged-in');
      assert.equal(result.stdout, 'logged-in\n');
    } finally {
      await transport.close();
    }
  });
});

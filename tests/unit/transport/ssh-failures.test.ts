/**
 * How SshTransport reports failures of ssh itself, against real OpenSSH
 * servers on 127.0.0.1: host key problems, rejected logins, refused and
 * dropped connections. Each case names its own known_hosts file.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ConnectionError, UserError } from '../../../lib/errors.js';
import { SshTransport, type SshTransportOptions } from '../../../lib/transport/ssh.js';
import { generateKey, keyFingerprint, startSshd, type TestSshd } from '../../support/sshd.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

// Runs `true` on a new transport and returns the ConnectionError it must reject with.
async function connectionErrorOf(host: string, options: SshTransportOptions): Promise<ConnectionError> {
  const transport = await SshTransport.create(host, options);
  try {
    await transport.run('true');
  } catch (error) {
    assert.ok(error instanceof ConnectionError, `expected a ConnectionError, got ${String(error)}`);
    return error;
  } finally {
    await transport.close();
  }

  assert.fail('the command ran although ssh should have failed');
}

describe('SshTransport failures', () => {
  let sshd: TestSshd;
  let base: SshTransportOptions;

  before(async () => {
    sshd = await startSshd();
    base = { sshConfigFile: sshd.clientConfigPath, identityFile: sshd.clientKeyPath };
  });

  after(async () => {
    await sshd?.stop();
  });

  test('changed host key gives the new fingerprint and ssh-keygen -R', async () => {
    const knownHostsFile = join(sshd.dir, 'known_hosts_changed');
    const otherKey = generateKey(join(sshd.dir, 'other_host_key'));
    writeFileSync(knownHostsFile, `[127.0.0.1]:${sshd.port} ${otherKey}\n`);

    const error = await connectionErrorOf(`root@127.0.0.1:${sshd.port}`, { ...base, knownHostsFile });

    assert.equal(error.host, `root@127.0.0.1:${sshd.port}`);
    assert.ok(error.detail.includes(sshd.hostKeyFingerprint), `fingerprint missing from:\n${error.detail}`);
    assert.ok(error.detail.includes(`ssh-keygen -f ${knownHostsFile} -R '[127.0.0.1]:${sshd.port}'`), error.detail);
    assert.notEqual(keyFingerprint(join(sshd.dir, 'other_host_key.pub')), sshd.hostKeyFingerprint);
  });

  test('changed host key is not accepted even with accept-new', async () => {
    const knownHostsFile = join(sshd.dir, 'known_hosts_changed_again');
    writeFileSync(knownHostsFile, `[127.0.0.1]:${sshd.port} ${generateKey(join(sshd.dir, 'third_key'))}\n`);

    const error = await connectionErrorOf(`root@127.0.0.1:${sshd.port}`, {
      ...base,
      knownHostsFile,
      sshOptions: ['StrictHostKeyChecking=accept-new'],
    });
    assert.match(error.detail, /differs from the one in known_hosts/);
  });

  test('unknown host key in batch mode says how to add it', async () => {
    const knownHostsFile = join(sshd.dir, 'known_hosts_empty');
    writeFileSync(knownHostsFile, '');

    const error = await connectionErrorOf(`root@127.0.0.1:${sshd.port}`, { ...base, knownHostsFile });

    assert.match(error.detail, /is not in .*known_hosts_empty/);
    assert.match(error.detail, new RegExp(`ssh-keyscan -p ${sshd.port} 127\\.0\\.0\\.1`));
    assert.match(error.detail, /StrictHostKeyChecking=accept-new/);
    assert.equal(readFileSync(knownHostsFile, 'utf8'), '', 'the key was added without consent');
  });

  test('accept-new from the operator adds an unknown host key', async () => {
    const knownHostsFile = join(sshd.dir, 'known_hosts_new');
    writeFileSync(knownHostsFile, '');
    const transport = await SshTransport.create(`root@127.0.0.1:${sshd.port}`, {
      ...base,
      knownHostsFile,
      sshOptions: ['StrictHostKeyChecking=accept-new'],
    });
    try {
      const result = await transport.run('echo trusted');
      assert.equal(result.stdout, 'trusted\n');
      assert.equal(result.stderr, '', 'ssh notices leaked into the command output');
      assert.match(readFileSync(knownHostsFile, 'utf8'), /ssh-ed25519 /);
    } finally {
      await transport.close();
    }
  });

  test('key the server does not accept is a rejected login', async () => {
    const strangerKey = join(sshd.dir, 'stranger_key');
    generateKey(strangerKey);

    const error = await connectionErrorOf(`root@127.0.0.1:${sshd.port}`, {
      sshConfigFile: '/dev/null',
      identityFile: strangerKey,
      knownHostsFile: sshd.knownHostsPath,
      sshOptions: ['IdentitiesOnly=yes'],
    });
    assert.match(error.detail, /rejected every key that ssh offered for the user "root"/);
    assert.match(error.detail, /Permission denied/);
  });

  test('refused port is a ConnectionError naming the port', async () => {
    const port = await freePort();
    const error = await connectionErrorOf(`root@127.0.0.1:${port}`, { ...base, knownHostsFile: sshd.knownHostsPath });

    assert.equal(error.message, `Cannot reach root@127.0.0.1:${port}`);
    assert.match(error.detail, new RegExp(`Nothing accepts connections on port ${port} of 127\\.0\\.0\\.1`));
    assert.match(error.detail, /Connection refused/);
  });

  test('invalid ssh option in the operator options fails before connecting', async () => {
    await assert.rejects(
      SshTransport.create(`root@127.0.0.1:${sshd.port}`, { ...base, sshOptions: ['NoSuchOption=yes'] }),
      (error: unknown) => {
        assert.ok(error instanceof UserError);
        assert.equal(error.message, 'Invalid ssh settings');
        assert.match(error.detail, /Bad configuration option: nosuchoption/i);
        return true;
      },
    );
  });
});

describe('SshTransport when the server stops', () => {
  test('server stopped during a later command is a ConnectionError', async () => {
    const sshd = await startSshd();
    const transport = await SshTransport.create('testgw', { sshConfigFile: sshd.clientConfigPath });
    try {
      await transport.run('true');
      const chunks: string[] = [];
      const running = transport.run('echo started; sleep 10; echo finished', {
        onStdout: (chunk) => {
          chunks.push(chunk);
          if (chunks.join('').includes('started')) {
            void sshd.kill();
          }
        },
      });

      await assert.rejects(running, (error: unknown) => {
        assert.ok(error instanceof ConnectionError, `got ${String(error)}`);
        assert.match(error.detail, /may or may not have run/);
        return true;
      });
      assert.equal(chunks.join(''), 'started\n');
    } finally {
      await transport.close();
      await sshd.stop();
    }
  });

  test('server stopped during the first command is a ConnectionError', async () => {
    const sshd = await startSshd();
    const transport = await SshTransport.create('testgw', { sshConfigFile: sshd.clientConfigPath });
    try {
      const running = transport.run('echo started; sleep 10', {
        onStdout: () => void sshd.kill(),
      });

      await assert.rejects(running, (error: unknown) => {
        assert.ok(error instanceof ConnectionError, `got ${String(error)}`);
        assert.match(error.detail, /closed by remote host|may or may not have run/);
        return true;
      });
    } finally {
      await transport.close();
      await sshd.stop();
    }
  });
});

/**
 * SshTransport against a real OpenSSH server on 127.0.0.1 (tests/support/sshd.ts).
 * Every transport here uses the server's own client config through -F, so
 * neither ~/.ssh/config nor ~/.ssh/known_hosts is read or written.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { CommandError, UserError } from '../../../lib/errors.js';
import { shellQuote } from '../../../lib/transport/quote.js';
import { CommandTimeoutError } from '../../../lib/transport/result.js';
import { SshTransport } from '../../../lib/transport/ssh.js';
import { MIN_AGE_MS } from '../../../lib/transport/stale-control-dirs.js';
import { startSshd, type TestSshd } from '../../support/sshd.js';

// Pids of processes whose command line contains the path, such as the
// background master, whose title names its control socket.
function processesMentioning(path: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(path)) {
        pids.push(Number(entry));
      }
    } catch {
      // The process exited while the list was read.
    }
  }
  return pids;
}

// The master answers `ssh -O exit` before it exits, so close() can return
// while the process is still ending. Polls for up to `limitMs`.
async function waitUntilNoProcessMentions(path: string, limitMs: number): Promise<number[]> {
  const deadline = Date.now() + limitMs;
  let pids = processesMentioning(path);
  while (pids.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    pids = processesMentioning(path);
  }
  return pids;
}

describe('SshTransport', () => {
  let sshd: TestSshd;
  let ssh: SshTransport;

  before(async () => {
    sshd = await startSshd();
    ssh = await SshTransport.create('testgw', { sshConfigFile: sshd.clientConfigPath });
  });

  after(async () => {
    await ssh?.close();
    await sshd?.stop();
  });

  describe('create()', () => {
    test('reads a Host alias from -F', () => {
      assert.equal(ssh.settings.user, 'root');
      assert.equal(ssh.settings.hostname, '127.0.0.1');
      assert.equal(ssh.settings.port, sshd.port);
      assert.equal(ssh.target, `ssh:root@testgw:${sshd.port}`);
      assert.equal(ssh.name, `root@testgw:${sshd.port}`);
    });

    test('puts brackets around an IPv6 address in the target', async () => {
      const transport = await SshTransport.create('admin@[::1]:2222', { sshConfigFile: '/dev/null' });
      assert.equal(transport.target, 'ssh:admin@[::1]:2222');
      assert.equal(transport.settings.hostname, '::1');
    });

    test('rejects an invalid host value', async () => {
      await assert.rejects(
        SshTransport.create('-oProxyCommand=id', { sshConfigFile: '/dev/null' }),
        (error: unknown) => error instanceof UserError && error.message === 'Invalid host',
      );
    });
  });

  describe('run()', () => {
    test('returns stdout, stderr and exit status 0', async () => {
      const result = await ssh.run('echo out; echo err >&2');

      assert.equal(result.stdout, 'out\n');
      assert.equal(result.stderr, 'err\n');
      assert.equal(result.exitCode, 0);
      assert.ok(result.durationMs >= 0);
    });

    test('runs as root through the -F alias with its IdentityFile and known hosts', async () => {
      const result = await ssh.run('id -u');
      assert.equal(result.stdout, '0\n');
    });

    test('rejects a non-zero exit with a CommandError', async () => {
      await assert.rejects(ssh.run('echo partial; echo broken >&2; exit 3'), (error: unknown) => {
        assert.ok(error instanceof CommandError);
        assert.equal(error.exitCode, 3);
        assert.equal(error.signal, null);
        assert.equal(error.host, ssh.name);
        assert.equal(error.command, 'echo partial; echo broken >&2; exit 3');
        assert.equal(error.stdout, 'partial\n');
        assert.equal(error.stderr, 'broken\n');
        return true;
      });
    });

    test('reports exit status 255 of the script as a CommandError', async () => {
      await assert.rejects(ssh.run('echo "Connection closed by 10.0.0.1" >&2; exit 255'), (error: unknown) => {
        assert.ok(error instanceof CommandError, `got ${String(error)}`);
        assert.equal(error.exitCode, 255);
        return true;
      });
    });

    test('returns a non-zero exit with allowFailure', async () => {
      const result = await ssh.run('exit 44', { allowFailure: true });
      assert.equal(result.exitCode, 44);
    });

    test('sends input to standard input', async () => {
      const input = 'line one\nline two with ünïcödé\n';
      const result = await ssh.run('cat; echo end', { input });
      assert.equal(result.stdout, `${input}end\n`);
    });

    test('delivers a hostile quoted value as one literal argument', async () => {
      const marker = join(sshd.dir, 'hostile-ran');
      const hostile = `it's "a" $(touch ${marker}) \`touch ${marker}\` ; rm -rf / \\ *\n$HOME`;
      const result = await ssh.run(`set -- ${shellQuote(hostile)}\nprintf '%s\\n' "$#"\nprintf '%s' "$1"`);

      assert.equal(result.stdout, `1\n${hostile}`);
      assert.equal(existsSync(marker), false, 'a command substitution in the value ran');
    });

    test('keeps LANG and LC_* of this process away from the script', async () => {
      const saved = { LANG: process.env.LANG, LC_ALL: process.env.LC_ALL, LC_TIME: process.env.LC_TIME };
      Object.assign(process.env, { LANG: 'fr_FR.UTF-8', LC_ALL: 'fr_FR.UTF-8', LC_TIME: 'de_DE.UTF-8' });
      try {
        // The same ssh without the wrapper shows the variables do travel,
        // so the check below would catch a transport that let them through.
        const raw = spawnSync('ssh', ['-F', sshd.clientConfigPath, '-o', 'BatchMode=yes', 'testgw', 'echo $LC_TIME'], {
          encoding: 'utf8',
        });
        assert.equal(raw.stdout, 'de_DE.UTF-8\n', 'the test server does not receive forwarded variables');

        const result = await ssh.run('echo "$LANG|$LC_ALL|${LC_TIME-unset}|$PATH"');
        assert.equal(result.stdout, 'C.UTF-8|C.UTF-8|unset|/usr/sbin:/usr/bin:/sbin:/bin\n');
      } finally {
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) {
            delete process.env[name];
          } else {
            process.env[name] = value;
          }
        }
      }
    });

    test('streams stdout while the script runs', async () => {
      const chunks: { text: string; at: number }[] = [];
      const result = await ssh.run('echo first; sleep 0.6; echo second', {
        onStdout: (text) => chunks.push({ text, at: Date.now() }),
      });
      const finished = Date.now();

      assert.equal(result.stdout, 'first\nsecond\n');
      assert.equal(chunks.map((chunk) => chunk.text).join(''), 'first\nsecond\n');
      assert.ok(chunks[0]!.text.startsWith('first'));
      assert.ok(finished - chunks[0]!.at >= 400, 'the first line arrived only at the end');
    });

    test('kills a command that runs past its timeout, on the host too', async () => {
      const marker = join(sshd.dir, 'timeout-survived');
      const started = Date.now();

      await assert.rejects(ssh.run(`sleep 2; touch ${marker}`, { timeoutMs: 300 }), (error: unknown) => {
        assert.ok(error instanceof CommandTimeoutError, `got ${String(error)}`);
        assert.ok(error instanceof CommandError);
        assert.equal(error.signal, 'SIGTERM');
        assert.equal(error.exitCode, null);
        assert.equal(error.timeoutMs, 300);
        assert.match(error.message, /timed out on .* after 300 ms/);
        return true;
      });
      assert.ok(Date.now() - started < 1800, `run() returned after ${Date.now() - started} ms`);

      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.equal(existsSync(marker), false, 'the script went on running on the host');
    });
  });

  describe('connection sharing', () => {
    test('reuses one login for several commands', async () => {
      const loginsBefore = sshd.acceptedLogins();
      const shared = await SshTransport.create('testgw', { sshConfigFile: sshd.clientConfigPath });
      try {
        await shared.run('true');
        await shared.run('true');
        await Promise.all([shared.run('true'), shared.run('true')]);

        assert.equal(sshd.acceptedLogins() - loginsBefore, 1);
        const sockets = readdirSync(shared.controlDirectory!).map((name) => join(shared.controlDirectory!, name));
        assert.equal(sockets.length, 1);
        assert.ok(statSync(sockets[0]!).isSocket());
      } finally {
        await shared.close();
      }
    });

    test('keeps the control directory private and removes it on close()', async () => {
      const shared = await SshTransport.create('testgw', { sshConfigFile: sshd.clientConfigPath });
      assert.equal(shared.controlDirectory, null, 'created before the first command');

      await shared.run('true');
      const dir = shared.controlDirectory!;
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      assert.ok(processesMentioning(dir).length > 0, 'no master process holds the socket');

      await shared.close();
      assert.equal(existsSync(dir), false);
      assert.deepEqual(await waitUntilNoProcessMentions(dir, 3000), [], 'the master outlived close() by 3 s');
      await shared.close();
    });

    test('without sharing, each call logs in and no master starts', async () => {
      const runtimeDir = mkdtempSync(join(sshd.dir, 'runtime-'));
      const savedRuntimeDir = process.env.XDG_RUNTIME_DIR;
      process.env.XDG_RUNTIME_DIR = runtimeDir;
      const single = await SshTransport.create('testgw', { sshConfigFile: sshd.clientConfigPath, shareConnection: false });
      try {
        const loginsBefore = sshd.acceptedLogins();
        assert.equal((await single.run('echo one')).stdout, 'one\n');
        assert.equal((await single.run('echo two')).stdout, 'two\n');

        assert.equal(sshd.acceptedLogins() - loginsBefore, 2);
        assert.equal(single.controlDirectory, null);
        assert.deepEqual(readdirSync(runtimeDir), [], 'a control directory was created');
      } finally {
        await single.close();
        if (savedRuntimeDir === undefined) {
          delete process.env.XDG_RUNTIME_DIR;
        } else {
          process.env.XDG_RUNTIME_DIR = savedRuntimeDir;
        }
      }
      await assert.rejects(single.run('true'), /after close\(\)/);
    });

    test('removes dead runs\' leftovers only', async (t) => {
      const runtimeDir = mkdtempSync(join(tmpdir(), 'pmgup-rt-'));
      const live = spawn('sleep', ['60'], { stdio: 'ignore' });
      const savedRuntimeDir = process.env.XDG_RUNTIME_DIR;
      t.after(() => {
        live.kill('SIGKILL');
        rmSync(runtimeDir, { recursive: true, force: true });
        if (savedRuntimeDir === undefined) {
          delete process.env.XDG_RUNTIME_DIR;
        } else {
          process.env.XDG_RUNTIME_DIR = savedRuntimeDir;
        }
      });
      const old = (Date.now() - MIN_AGE_MS - 60_000) / 1000;
      const dirOf = (pid: number) => {
        const dir = join(runtimeDir, `pmgup-ssh-${pid}-Abc123`);
        mkdirSync(dir, { mode: 0o700 });
        utimesSync(dir, old, old);
        return dir;
      };
      const dead = dirOf(spawnSync('true').pid!);
      const running = dirOf(live.pid!);

      process.env.XDG_RUNTIME_DIR = runtimeDir;
      const shared = await SshTransport.create('testgw', { sshConfigFile: sshd.clientConfigPath });
      await shared.run('true');
      await shared.close();

      assert.equal(existsSync(dead), false, 'the leftover of an exited run was kept');
      assert.ok(existsSync(running), 'the directory of a running process was removed');
      assert.deepEqual(readdirSync(runtimeDir), [basename(running)]);
    });

    test('refuses to run after close()', async () => {
      const shared = await SshTransport.create('testgw', { sshConfigFile: sshd.clientConfigPath });
      await shared.close();
      await assert.rejects(shared.run('true'), /after close\(\)/);
    });
  });

  describe('explicit options', () => {
    test('connects by address with identityFile and knownHostsFile', async () => {
      const direct = await SshTransport.create(`root@127.0.0.1:${sshd.port}`, {
        sshConfigFile: '/dev/null',
        identityFile: sshd.clientKeyPath,
        knownHostsFile: sshd.knownHostsPath,
      });
      try {
        assert.equal(direct.target, `ssh:root@127.0.0.1:${sshd.port}`);
        const result = await direct.run('echo ok');
        assert.equal(result.stdout, 'ok\n');
      } finally {
        await direct.close();
      }
    });
  });
});

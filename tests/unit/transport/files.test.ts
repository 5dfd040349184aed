/**
 * The file helpers over both transports: LocalTransport on a temp
 * directory, and SshTransport against a real OpenSSH server on 127.0.0.1
 * writing into the same kind of directory.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { CommandError, InternalError } from '../../../lib/errors.js';
import {
  atomicWriteScript,
  readRemoteFile,
  remoteSha256,
  writeRemoteFileAtomic,
} from '../../../lib/transport/files.js';
import { LocalTransport } from '../../../lib/transport/local.js';
import { SshTransport } from '../../../lib/transport/ssh.js';
import type { Transport } from '../../../lib/transport/types.js';
import { startSshd, type TestSshd } from '../../support/sshd.js';

const HOSTILE_NAME = `it's a $(touch x) "file"; *`;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function fileHelperTests(name: string, open: () => Promise<{ transport: Transport; close: () => Promise<void> }>) {
  describe(`over ${name}`, () => {
    let transport: Transport;
    let close: () => Promise<void>;
    let dir: string;

    before(async () => {
      ({ transport, close } = await open());
      dir = mkdtempSync(join(tmpdir(), 'pmgup-files-test-'));
    });

    after(async () => {
      await close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('readRemoteFile() returns the exact content', async () => {
      const path = join(dir, HOSTILE_NAME);
      const content = 'first\n\n  indented ünïcödé\nno newline at end';
      writeFileSync(path, content);

      assert.equal(await readRemoteFile(transport, path), content);
    });

    test('readRemoteFile() returns null for a missing file and a dangling symlink', async () => {
      assert.equal(await readRemoteFile(transport, join(dir, 'missing')), null);
      symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
      assert.equal(await readRemoteFile(transport, join(dir, 'dangling')), null);
    });

    test('readRemoteFile() rejects a directory with a CommandError', async () => {
      await assert.rejects(readRemoteFile(transport, dir), (error: unknown) => {
        assert.ok(error instanceof CommandError);
        assert.match(error.stderr, /Is a directory/);
        return true;
      });
    });

    test('remoteSha256() matches a local digest and is null when missing', async () => {
      const path = join(dir, `${HOSTILE_NAME}.sum`);
      writeFileSync(path, 'digest me\n');

      assert.equal(await remoteSha256(transport, path), sha256('digest me\n'));
      assert.equal(await remoteSha256(transport, join(dir, 'missing')), null);
    });

    test('remoteSha256() reads a name with a backslash and a newline', async () => {
      const path = join(dir, 'back\\slash\nnewline');
      writeFileSync(path, 'odd name');
      assert.equal(await remoteSha256(transport, path), sha256('odd name'));
    });

    test('writeRemoteFileAtomic() replaces the file with mode and owner', async () => {
      const path = join(dir, `${HOSTILE_NAME}.conf`);
      writeFileSync(path, 'old\n', { mode: 0o644 });
      const content = `new content with 'quotes' and $(touch ${join(dir, 'ran')})\nEOF\n`;

      await writeRemoteFileAtomic(transport, path, content, 0o640);

      assert.equal(readFileSync(path, 'utf8'), content);
      assert.equal(statSync(path).mode & 0o7777, 0o640);
      assert.equal(statSync(path).uid, 0);
      assert.equal(statSync(path).gid, 0);
      assert.equal(existsSync(join(dir, 'ran')), false);
    });

    test('writeRemoteFileAtomic() creates a new file and leaves no temp file', async () => {
      const sub = mkdtempSync(join(dir, 'clean-'));
      await writeRemoteFileAtomic(transport, join(sub, 'fresh'), '', 0o600);

      assert.deepEqual(readdirSync(sub), ['fresh']);
      assert.equal(readFileSync(join(sub, 'fresh'), 'utf8'), '');
      assert.equal(statSync(join(sub, 'fresh')).mode & 0o777, 0o600);
    });

    test('writeRemoteFileAtomic() keeps the old file when it fails', async () => {
      const sub = mkdtempSync(join(dir, 'failing-'));
      const path = join(sub, 'kept');
      writeFileSync(path, 'original\n');

      await assert.rejects(
        writeRemoteFileAtomic(transport, path, 'replacement\n', 0o644, { owner: 'no-such-user-pmgup' }),
        (error: unknown) => error instanceof CommandError && /invalid user/.test(error.stderr),
      );
      assert.equal(readFileSync(path, 'utf8'), 'original\n');
      assert.deepEqual(readdirSync(sub), ['kept'], 'the temp file was left behind');
    });

    test('writeRemoteFileAtomic() rejects a missing directory', async () => {
      await assert.rejects(
        writeRemoteFileAtomic(transport, join(dir, 'no-such-dir', 'file'), 'x', 0o644),
        CommandError,
      );
    });
  });
}

describe('files', () => {
  fileHelperTests('LocalTransport', async () => {
    const transport = new LocalTransport();
    return { transport, close: () => transport.close() };
  });

  let sshd: TestSshd | undefined;
  fileHelperTests('SshTransport', async () => {
    sshd = await startSshd();
    const transport = await SshTransport.create('testgw', { sshConfigFile: sshd.clientConfigPath });
    return {
      transport,
      close: async () => {
        await transport.close();
        await sshd?.stop();
      },
    };
  });

  describe('argument checks', () => {
    const local = new LocalTransport();

    test('reject a relative path', async () => {
      await assert.rejects(readRemoteFile(local, 'etc/passwd'), InternalError);
      await assert.rejects(remoteSha256(local, './x'), InternalError);
      await assert.rejects(writeRemoteFileAtomic(local, 'x', 'y', 0o644), InternalError);
    });

    test('reject a mode outside 0 to 0o7777', async () => {
      await assert.rejects(writeRemoteFileAtomic(local, '/tmp/x', 'y', 0o10000), InternalError);
      await assert.rejects(writeRemoteFileAtomic(local, '/tmp/x', 'y', -1), InternalError);
    });
  });

  describe('atomicWriteScript()', () => {
    test('never puts the content into the script', () => {
      const script = atomicWriteScript('/etc/pmg/pmg.conf', 0o644, 'root:root');
      assert.match(script, /cat > "\$tmp"/);
      assert.match(script, /mv -f -- "\$tmp" \/etc\/pmg\/pmg\.conf/);
      assert.match(script, /chmod 0644 /);
      assert.doesNotMatch(script, /<</, 'a heredoc carries content');
    });

    test('leaves the owner alone when owner is null', () => {
      assert.doesNotMatch(atomicWriteScript('/x/y', 0o600, null), /chown/);
    });
  });
});

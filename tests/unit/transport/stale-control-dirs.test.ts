import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { isProcessAlive, MIN_AGE_MS, removeStaleControlDirs } from '../../../lib/transport/stale-control-dirs.js';

let root: string;
let deadPid: number;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'pmgup-stale-dirs-test-'));
  // A process that has exited: its id no longer runs (unless reused within the test, which is unlikely).
  deadPid = spawnSync('true').pid!;
});
after(() => {
  rmSync(root, { recursive: true, force: true });
});

let parents = 0;

/** Returns a new empty parent folder, like a temp directory. */
function freshParent(): string {
  parents += 1;
  const parent = join(root, `parent-${parents}`);
  mkdirSync(parent);

  return parent;
}

/** Creates a control directory as pmgup does, filled by `fill`, last changed `ageMs` ago. */
function leftover(parent: string, name: string, options: { ageMs?: number; mode?: number; fill?: (dir: string) => void } = {}): string {
  const dir = join(parent, name);
  mkdirSync(dir);
  chmodSync(dir, options.mode ?? 0o700);
  options.fill?.(dir);
  const changed = (Date.now() - (options.ageMs ?? MIN_AGE_MS + 60_000)) / 1000;
  utimesSync(dir, changed, changed);

  return dir;
}

/** Listens on a Unix socket at `path` until the test ends. */
async function listening(path: string, t: { after(fn: () => unknown): void }): Promise<Server> {
  const server = createServer((connection) => connection.destroy());
  await new Promise<void>((resolve) => server.listen(path, resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));

  return server;
}

describe('transport/stale-control-dirs', () => {
  describe('removeStaleControlDirs()', () => {
    test('removes a dead process leftover', async () => {
      const parent = freshParent();
      const dir = leftover(parent, `pmgup-ssh-${deadPid}-aB3xY9`);

      const removed = await removeStaleControlDirs(parent);

      assert.deepEqual(removed, [dir]);
      assert.equal(existsSync(dir), false);
    });

    test('removes a refused socket with it', async (t) => {
      const parent = freshParent();
      const dir = leftover(parent, `pmgup-ssh-${deadPid}-sock01`);
      // A socket file whose server is gone: a hard link outlives the server's own unlink on close.
      const served = join(root, `served-${parents}.sock`);
      const server = await listening(served, t);
      linkSync(served, join(dir, 'master'));
      await new Promise((resolve) => server.close(resolve));
      utimesSync(dir, 0, 0);

      const removed = await removeStaleControlDirs(parent);

      assert.deepEqual(removed, [dir]);
      assert.equal(existsSync(dir), false);
    });

    test('keeps a running process directory', async (t) => {
      const parent = freshParent();
      const child = spawn('sleep', ['60'], { stdio: 'ignore' });
      t.after(() => child.kill('SIGKILL'));
      const dir = leftover(parent, `pmgup-ssh-${child.pid}-live01`);

      assert.deepEqual(await removeStaleControlDirs(parent), []);
      assert.ok(existsSync(dir));
    });

    test('keeps a directory with a live socket', async (t) => {
      const parent = freshParent();
      const dir = leftover(parent, `pmgup-ssh-${deadPid}-live02`);
      await listening(join(dir, 'master'), t);
      utimesSync(dir, 0, 0);

      assert.deepEqual(await removeStaleControlDirs(parent), []);
      assert.ok(existsSync(dir));
    });

    test('keeps this process directory', async () => {
      const parent = freshParent();
      const dir = leftover(parent, `pmgup-ssh-${process.pid}-mine01`);

      assert.deepEqual(await removeStaleControlDirs(parent, { isAlive: () => false }), []);
      assert.ok(existsSync(dir));
    });

    test('keeps a young directory', async () => {
      const parent = freshParent();
      const dir = leftover(parent, `pmgup-ssh-${deadPid}-young1`, { ageMs: MIN_AGE_MS - 60_000 });

      assert.deepEqual(await removeStaleControlDirs(parent), []);
      assert.ok(existsSync(dir));
    });

    test('keeps a directory with a regular file', async () => {
      const parent = freshParent();
      const dir = leftover(parent, `pmgup-ssh-${deadPid}-file01`, { fill: (d) => writeFileSync(join(d, 'notes.txt'), 'keep me') });

      assert.deepEqual(await removeStaleControlDirs(parent), []);
      assert.ok(existsSync(join(dir, 'notes.txt')));
    });

    test('keeps another user directory', async () => {
      const parent = freshParent();
      const dir = leftover(parent, `pmgup-ssh-${deadPid}-user01`);

      assert.deepEqual(await removeStaleControlDirs(parent, { uid: process.getuid!() + 1 }), []);
      assert.ok(existsSync(dir));
    });

    test('keeps a directory that is not 0700', async () => {
      const parent = freshParent();
      const dir = leftover(parent, `pmgup-ssh-${deadPid}-mode01`, { mode: 0o755 });

      assert.deepEqual(await removeStaleControlDirs(parent), []);
      assert.ok(existsSync(dir));
    });

    test('keeps a symbolic link and its target', async () => {
      const parent = freshParent();
      const target = leftover(root, `link-target-${parents}`);
      symlinkSync(target, join(parent, `pmgup-ssh-${deadPid}-link01`));

      assert.deepEqual(await removeStaleControlDirs(parent), []);
      assert.ok(existsSync(join(parent, `pmgup-ssh-${deadPid}-link01`)));
      assert.ok(existsSync(target));
    });

    test('keeps names it cannot prove', async () => {
      const parent = freshParent();
      const names = ['pmgup-ssh-Ab12Cd', 'pmgup-ssh-0-abcdef', `pmgup-ssh-${deadPid}-abc`, `other-${deadPid}-abcdef`, 'pmgup-ssh-99999999999-abcdef'];
      for (const name of names) {
        leftover(parent, name);
      }

      assert.deepEqual(await removeStaleControlDirs(parent, { isAlive: () => false }), []);
      for (const name of names) {
        assert.ok(existsSync(join(parent, name)), name);
      }
    });

    test('removes nothing without user ids', async () => {
      const parent = freshParent();
      const dir = leftover(parent, `pmgup-ssh-${deadPid}-nouid1`);

      assert.deepEqual(await removeStaleControlDirs(parent, { uid: undefined }), []);
      assert.ok(existsSync(dir));
    });

    test('missing parent removes nothing', async () => {
      assert.deepEqual(await removeStaleControlDirs(join(root, 'no-such-parent')), []);
    });
  });

  describe('isProcessAlive()', () => {
    test('this process runs', () => {
      assert.equal(isProcessAlive(process.pid), true);
    });

    test('an exited process does not', () => {
      assert.equal(isProcessAlive(deadPid), false);
    });

    test('process 1 runs', () => {
      assert.equal(isProcessAlive(1), true);
    });
  });
});

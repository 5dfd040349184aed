import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';

import { controlPathIn, createControlDir, removeControlDir } from '../../../lib/transport/control-dir.js';

const parent = mkdtempSync(join(tmpdir(), 'pmgup-control-dir-test-'));

after(() => {
  rmSync(parent, { recursive: true, force: true });
});

describe('control-dir', () => {
  test('creates the directory under XDG_RUNTIME_DIR', () => {
    const dir = createControlDir({ XDG_RUNTIME_DIR: parent });
    assert.equal(dirname(dir), parent);
    assert.ok(statSync(dir).isDirectory());
  });

  test('names the directory after this process', () => {
    const dir = createControlDir({ XDG_RUNTIME_DIR: parent });
    assert.match(basename(dir), new RegExp(`^pmgup-ssh-${process.pid}-[A-Za-z0-9]{6}$`));
  });

  test('falls back to the temp directory without XDG_RUNTIME_DIR', () => {
    const dir = createControlDir({ XDG_RUNTIME_DIR: '  ' });
    try {
      assert.equal(dirname(dir), tmpdir());
    } finally {
      removeControlDir(dir);
    }
  });

  test('gives mode 0700 even with umask 000', () => {
    const saved = process.umask(0);
    try {
      const dir = createControlDir({ XDG_RUNTIME_DIR: parent });
      assert.equal(statSync(dir).mode & 0o777, 0o700);
    } finally {
      process.umask(saved);
    }
  });

  test('removes the directory with a file left in it', () => {
    const dir = createControlDir({ XDG_RUNTIME_DIR: parent });
    writeFileSync(join(dir, 'leftover'), '');
    removeControlDir(dir);
    assert.equal(existsSync(dir), false);
    removeControlDir(dir);
  });

  test('puts the %C pattern inside the directory', () => {
    assert.equal(controlPathIn('/run/user/0/pmgup-ssh-abc'), '/run/user/0/pmgup-ssh-abc/%C');
  });
});

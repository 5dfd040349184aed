import assert from 'node:assert/strict';
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { acquireLock, isAbandonedHere } from '../../../lib/apply/lock-acquire.js';
import { forceUnlock, LockHeldError, lockContent, parseLockOwner, tryLock, type LockOwner } from '../../../lib/apply/lock.js';
import { Sandbox } from './support.js';

const OWNER: LockOwner = { pid: 100, holder: 'ops@client', since: '2026-12-01T10:00:00.000Z', planId: '0123456789ab' };
const OTHER: LockOwner = { pid: 200, holder: 'alice@laptop', since: '2026-12-01T10:05:00.000Z', planId: 'ba9876543210' };
const LOCAL = { hostname: 'client', isAlive: () => true };

describe('apply/lock', () => {
  test('takes a free lock with root-only modes', async () => {
    const sandbox = new Sandbox();
    const attempt = await tryLock(sandbox.transport(), OWNER);
    const path = join(sandbox.root, 'state', 'lock');
    assert.deepEqual(attempt, { acquired: true });
    assert.equal(readFileSync(path, 'utf8'), `${lockContent(OWNER)}\n`);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(join(sandbox.root, 'state')).mode & 0o777, 0o700);
    sandbox.remove();
  });

  test('second apply sees the holder', async () => {
    const sandbox = new Sandbox();
    await tryLock(sandbox.transport(), OWNER);
    const second = await tryLock(sandbox.transport(), OTHER);
    assert.equal(second.acquired, false);
    assert.deepEqual(second.acquired ? null : second.owner, OWNER);
    sandbox.remove();
  });

  test('concurrent attempts let exactly one win', async () => {
    const sandbox = new Sandbox();
    const owners = Array.from({ length: 8 }, (_, index) => ({ ...OWNER, pid: 1000 + index }));
    const attempts = await Promise.all(owners.map((owner) => tryLock(sandbox.transport(), owner)));
    assert.equal(attempts.filter((attempt) => attempt.acquired).length, 1);
    sandbox.remove();
  });

  test('acquireLock rejects a live holder with LockHeldError', async () => {
    const sandbox = new Sandbox();
    await tryLock(sandbox.transport(), OTHER);
    await assert.rejects(acquireLock(sandbox.transport(), 'pmg1', OWNER, LOCAL), LockHeldError);
    sandbox.remove();
  });

  test('release removes only its own lock', async () => {
    const sandbox = new Sandbox();
    const held = await acquireLock(sandbox.transport(), 'pmg1', OWNER, LOCAL);
    const path = join(sandbox.root, 'state', 'lock');
    await forceUnlock(sandbox.transport());
    await tryLock(sandbox.transport(), OTHER);
    await held.release();
    assert.deepEqual(parseLockOwner(readFileSync(path, 'utf8')), OTHER);
    sandbox.remove();
  });

  test('forceUnlock returns and removes the holder', async () => {
    const sandbox = new Sandbox();
    await tryLock(sandbox.transport(), OTHER);
    const removed = await forceUnlock(sandbox.transport());
    assert.deepEqual(removed?.owner, OTHER);
    assert.equal(await forceUnlock(sandbox.transport()), null);
    sandbox.remove();
  });

  test('isAbandonedHere only for a dead process of this machine', () => {
    assert.equal(isAbandonedHere(OWNER, { hostname: 'client', isAlive: () => false }), true);
    assert.equal(isAbandonedHere(OWNER, { hostname: 'client', isAlive: () => true }), false);
    assert.equal(isAbandonedHere(OWNER, { hostname: 'elsewhere', isAlive: () => false }), false);
    assert.equal(isAbandonedHere(null, { hostname: 'client', isAlive: () => false }), false);
  });

  test('parseLockOwner rejects what pmgup did not write', () => {
    assert.equal(parseLockOwner(''), null);
    assert.equal(parseLockOwner('{"pid":"x"}'), null);
    assert.deepEqual(parseLockOwner(`${lockContent(OWNER)}\n`), OWNER);
  });
});

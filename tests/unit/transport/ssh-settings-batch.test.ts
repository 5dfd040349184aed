/**
 * Reading the ssh settings of many hosts at once: one local process for
 * the requests of one turn of the event loop, each host's own result or
 * error, and the fallbacks when the shell cannot run ssh.
 */
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { UserError } from '../../../lib/errors.js';
import { runSettingsBatch } from '../../../lib/transport/ssh-settings-batch.js';
import { readEffectiveSettings } from '../../../lib/transport/ssh-settings.js';

// A stand-in for ssh -G: prints the settings for the port after -p, fails
// for the host "bad", hangs for the host "slow", and logs its process
// group, which is the group of the local process pmgup started.
const FAKE_SSH = `#!/bin/sh
port=22
while [ $# -gt 0 ]; do
  case $1 in
    -p) port=$2; shift 2 ;;
    --) host=$2; break ;;
    *) shift ;;
  esac
done
cut -d ' ' -f 5 /proc/$$/stat >>"$FAKE_SSH_LOG"
case $host in
  bad) echo "command-line line 0: unsupported option for $host" >&2; exit 255 ;;
  slow) sleep 5 ;;
esac
printf 'user root\\nhostname %s\\nport %s\\n' "$host" "$port"
`;

describe('ssh settings of many hosts', () => {
  let dir: string;
  let log: string;
  const saved = { path: process.env.PATH, log: process.env.FAKE_SSH_LOG };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pmgup-test-ssh-g-'));
    log = join(dir, 'groups.log');
    await writeFile(join(dir, 'ssh'), FAKE_SSH);
    await chmod(join(dir, 'ssh'), 0o755);
    process.env.PATH = `${dir}:${saved.path}`;
    process.env.FAKE_SSH_LOG = log;
  });

  after(async () => {
    process.env.PATH = saved.path;
    process.env.FAKE_SSH_LOG = saved.log;
    await rm(dir, { recursive: true, force: true });
  });

  async function groups(): Promise<Set<string>> {
    const text = await readFile(log, 'utf8').catch(() => '');
    await writeFile(log, '');

    return new Set(text.split('\n').filter((line) => line !== ''));
  }

  test('one turn shares one process', async () => {
    await groups();
    const settings = await Promise.all([21, 22, 23].map((port) => readEffectiveSettings(['-p', String(port)], `gw${port}`)));

    assert.deepEqual(
      settings.map((item) => `${item.user}@${item.hostname}:${item.port}`),
      ['root@gw21:21', 'root@gw22:22', 'root@gw23:23'],
    );
    assert.equal((await groups()).size, 1);
  });

  test('a lone request reads its settings', async () => {
    await groups();
    const settings = await readEffectiveSettings(['-p', '2222'], 'gw1');

    assert.equal(settings.port, 2222);
    assert.equal((await groups()).size, 1);
  });

  test('a failing host fails alone', async () => {
    const [good, bad] = await Promise.allSettled([readEffectiveSettings([], 'gw1'), readEffectiveSettings([], 'bad')]);

    assert.equal(good.status, 'fulfilled');
    assert.equal(bad.status, 'rejected');
    const error = (bad as PromiseRejectedResult).reason as UserError;
    assert.ok(error instanceof UserError);
    assert.equal(error.message, 'Invalid ssh settings');
    assert.match(error.detail, /^ssh rejected its settings for "bad":\n {2}command-line line 0: unsupported option for bad\n/);
  });

  test('a hanging host has no exit status', async () => {
    const outcomes = await runSettingsBatch(
      [
        { sshOptions: [], host: 'gw1' },
        { sshOptions: [], host: 'slow' },
      ],
      1_000,
    );

    assert.equal(outcomes?.[0]?.exitCode, 0);
    assert.match(outcomes?.[0]?.stdout ?? '', /^hostname gw1$/m);
    assert.equal(outcomes?.[1]?.exitCode, null);
  });

  test('ssh missing from PATH says so', async () => {
    process.env.PATH = '/nonexistent';
    try {
      const outcomes = await Promise.allSettled([readEffectiveSettings([], 'gw1'), readEffectiveSettings([], 'gw2')]);

      for (const outcome of outcomes) {
        assert.equal(outcome.status, 'rejected');
        assert.equal(((outcome as PromiseRejectedResult).reason as UserError).message, 'Cannot run ssh');
      }
    } finally {
      process.env.PATH = `${dir}:${saved.path}`;
    }
  });
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { parseBackupArchive } from '../../../../lib/apply/commands/backup.js';
import { buildGuardedWrite, parseSavedCopy } from '../../../../lib/apply/commands/guarded-write.js';
import { buildCommand } from '../../../../lib/apply/commands/index.js';
import { linkFileContent } from '../../../../lib/apply/commands/pin-interface-names.js';
import { parseConffileOutcomes } from '../../../../lib/apply/commands/resolve-conffiles.js';
import { removeSettings } from '../../../../lib/plan/diff/template-settings.js';
import { GUARD_STATUS } from '../../../../lib/apply/commands/shell.js';
import type { InlineCommand } from '../../../../lib/apply/commands/types.js';
import type { Step } from '../../../../lib/plan/model.js';
import { Sandbox } from '../support.js';
import { CONTEXT } from './samples.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function inline(step: Step): string {
  return (buildCommand(step, CONTEXT) as InlineCommand).script;
}

describe('apply/commands on files', () => {
  describe('resolve-conffiles', () => {
    function setup() {
      const sandbox = new Sandbox();
      const etc = join(sandbox.root, 'etc');
      mkdirSync(etc);
      sandbox.stub('sshd', 'exit 0');

      return { sandbox, etc };
    }

    test('installs the maintainer version and keeps the old one', () => {
      const { sandbox, etc } = setup();
      const path = join(etc, 'clamd.conf');
      writeFileSync(path, 'old\n');
      writeFileSync(`${path}.dpkg-dist`, 'new\n');
      const result = sandbox.run(inline({ kind: 'resolve-conffiles', files: [{ path, answer: 'maintainer' }] }));
      assert.equal(result.status, 0, result.stderr);
      assert.equal(readFileSync(path, 'utf8'), 'new\n');
      assert.equal(readFileSync(`${path}.pmgup-old`, 'utf8'), 'old\n');
      assert.equal(existsSync(`${path}.dpkg-dist`), false);
      assert.deepEqual(parseConffileOutcomes(result.stdout), [{ path, outcome: 'installed-maintainer', saved: `${path}.pmgup-old` }]);
      sandbox.remove();
    });

    test('takes a ucf-dist file as the maintainer version', () => {
      const { sandbox, etc } = setup();
      const path = join(etc, 'other.conf');
      writeFileSync(path, 'old\n');
      writeFileSync(`${path}.ucf-dist`, 'ucf new\n');
      const result = sandbox.run(inline({ kind: 'resolve-conffiles', files: [{ path, answer: 'maintainer' }] }));
      assert.equal(result.status, 0, result.stderr);
      assert.equal(readFileSync(path, 'utf8'), 'ucf new\n');
      sandbox.remove();
    });

    test('keeps the installed file and leaves the maintainer version pending', () => {
      const { sandbox, etc } = setup();
      const path = join(etc, 'issue');
      writeFileSync(path, 'mine\n');
      writeFileSync(`${path}.dpkg-dist`, 'theirs\n');
      const result = sandbox.run(inline({ kind: 'resolve-conffiles', files: [{ path, answer: 'keep' }] }));
      assert.equal(result.status, 0, result.stderr);
      assert.equal(readFileSync(path, 'utf8'), 'mine\n');
      assert.deepEqual(parseConffileOutcomes(result.stdout), [{ path, outcome: 'kept', saved: `${path}.dpkg-dist` }]);
      sandbox.remove();
    });

    test('puts back a file saved before a maintainer-default upgrade', () => {
      const { sandbox, etc } = setup();
      const path = join(etc, 'grub');
      writeFileSync(path, 'theirs\n');
      writeFileSync(`${path}.pmgup-keep`, 'mine\n');
      const result = sandbox.run(inline({ kind: 'resolve-conffiles', files: [{ path, answer: 'keep' }] }));
      assert.equal(result.status, 0, result.stderr);
      assert.equal(readFileSync(path, 'utf8'), 'mine\n');
      assert.equal(readFileSync(`${path}.pmgup-new`, 'utf8'), 'theirs\n');
      sandbox.remove();
    });

    test('stops before touching any file when a stop answer has a pending version', () => {
      const { sandbox, etc } = setup();
      const kept = join(etc, 'a.conf');
      const stopped = join(etc, 'b.conf');
      writeFileSync(kept, 'a\n');
      writeFileSync(`${kept}.dpkg-dist`, 'a new\n');
      writeFileSync(stopped, 'b\n');
      writeFileSync(`${stopped}.dpkg-dist`, 'b new\n');
      const result = sandbox.run(
        inline({ kind: 'resolve-conffiles', files: [{ path: kept, answer: 'maintainer' }, { path: stopped, answer: 'stop' }] }),
      );
      assert.equal(result.status, GUARD_STATUS.conffileNeedsDecision);
      assert.match(result.stderr, /b\.conf/);
      assert.equal(readFileSync(kept, 'utf8'), 'a\n');
      sandbox.remove();
    });

    test('puts sshd_config back when sshd rejects the new one', () => {
      const sandbox = new Sandbox();
      const ssh = sandbox.move('/etc/ssh');
      writeFileSync(join(ssh, 'sshd_config'), 'working\n');
      writeFileSync(join(ssh, 'sshd_config.ucf-dist'), 'broken\n');
      sandbox.stub('sshd', 'exit 255');
      const result = sandbox.run(inline({ kind: 'resolve-conffiles', files: [{ path: '/etc/ssh/sshd_config', answer: 'maintainer' }] }));
      assert.equal(result.status, GUARD_STATUS.sshdConfigInvalid);
      assert.equal(readFileSync(join(ssh, 'sshd_config'), 'utf8'), 'working\n');
      sandbox.remove();
    });
  });

  describe('guarded write', () => {
    test('replaces the file and keeps a copy when the checksum matches', () => {
      const sandbox = new Sandbox();
      const path = join(sandbox.root, 'sources.list');
      writeFileSync(path, 'deb http://x bullseye main\n');
      const content = 'deb http://x bookworm main\n';
      const script = buildGuardedWrite({ path, beforeSha256: sha256('deb http://x bullseye main\n'), afterSha256: sha256(content), createMode: 0o644 });
      const result = sandbox.run(script, content);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(readFileSync(path, 'utf8'), content);
      const copy = parseSavedCopy(result.stdout);
      assert.notEqual(copy, null);
      assert.ok(copy!.startsWith(join(sandbox.root, 'state', 'files')));
      assert.equal(readFileSync(copy!, 'utf8'), 'deb http://x bullseye main\n');
      sandbox.remove();
    });

    test('refuses a file that changed since the plan', () => {
      const sandbox = new Sandbox();
      const path = join(sandbox.root, 'sources.list');
      writeFileSync(path, 'edited by hand\n');
      const script = buildGuardedWrite({ path, beforeSha256: sha256('original\n'), afterSha256: sha256('new\n'), createMode: 0o644 });
      const result = sandbox.run(script, 'new\n');
      assert.equal(result.status, GUARD_STATUS.fileChanged);
      assert.equal(readFileSync(path, 'utf8'), 'edited by hand\n');
      assert.deepEqual(readdirSync(sandbox.root).filter((name) => name.includes('pmgup-')), []);
      sandbox.remove();
    });

    test('refuses content that arrived damaged', () => {
      const sandbox = new Sandbox();
      const path = join(sandbox.root, 'new.list');
      const script = buildGuardedWrite({ path, beforeSha256: null, afterSha256: sha256('expected\n'), createMode: 0o644 });
      const result = sandbox.run(script, 'something else\n');
      assert.equal(result.status, 1);
      assert.equal(existsSync(path), false);
      sandbox.remove();
    });

    test('refuses to create a file that exists now', () => {
      const sandbox = new Sandbox();
      const path = join(sandbox.root, 'new.list');
      writeFileSync(path, 'appeared\n');
      const script = buildGuardedWrite({ path, beforeSha256: null, afterSha256: sha256('x\n'), createMode: 0o644 });
      assert.equal(sandbox.run(script, 'x\n').status, GUARD_STATUS.fileChanged);
      sandbox.remove();
    });
  });

  test('removeSettings drops only active lines of the named settings', () => {
    const template = [
      "#stats_temp_directory = 'commented'",
      "stats_temp_directory = '/var/run/postgresql/13-main.pg_stat_tmp'",
      '  stats_temp_directory=\'x\'',
      "stats_temp_directory_extra = 'kept'",
      "shared_buffers = '128MB'",
      '',
    ].join('\n');
    assert.equal(
      removeSettings(template, ['stats_temp_directory']),
      ["#stats_temp_directory = 'commented'", "stats_temp_directory_extra = 'kept'", "shared_buffers = '128MB'", ''].join('\n'),
    );
  });

  test('pin-interface-names writes a .link file per interface', () => {
    const sandbox = new Sandbox();
    const network = sandbox.move('/etc/systemd/network');
    const result = sandbox.run(inline({ kind: 'pin-interface-names', links: [{ name: 'eth0', mac: '52:54:00:12:34:56' }] }));
    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(join(network, '10-pmgup-eth0.link'), 'utf8'), linkFileContent('eth0', '52:54:00:12:34:56'));
    sandbox.remove();
  });

  test('backup reports the archive pmgbackup names', () => {
    const sandbox = new Sandbox();
    const backups = sandbox.move('/var/lib/pmg/backup');
    writeFileSync(join(backups, 'pmg-backup_2026_01_01_6A000000.tgz'), 'archive');
    sandbox.stub('pmgbackup', 'echo "starting backup to: /var/lib/pmg/backup/pmg-backup_2026_01_01_6A000000.tgz"');
    const result = sandbox.run(inline({ kind: 'backup' }));
    assert.equal(result.status, 0, result.stderr);
    assert.equal(parseBackupArchive(result.stdout), join(backups, 'pmg-backup_2026_01_01_6A000000.tgz'));
    sandbox.remove();
  });
});

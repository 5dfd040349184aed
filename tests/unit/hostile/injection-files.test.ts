/**
 * Property test of everything that puts a path or file content into a
 * script: the guarded write behind fix-template and edit-apt-sources, the
 * transport's file helpers, resolve-conffiles, the copies dist-upgrade
 * keeps, pin-interface-names, and the journal and lock on the host. Hostile
 * names become real files in a sandbox. Each script must act on exactly
 * that file, and the canary that an injected command would create must
 * never appear.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { buildCommand } from '../../../lib/apply/commands/index.js';
import { buildGuardedWrite } from '../../../lib/apply/commands/guarded-write.js';
import { linkFileContent, LINK_DIR } from '../../../lib/apply/commands/pin-interface-names.js';
import { CONFFILE_MARKER, OLD_SUFFIX } from '../../../lib/apply/commands/resolve-conffiles.js';
import { aptOptions } from '../../../lib/apply/commands/shell.js';
import { appendJournalScript, parseJournal, type JournalEntry } from '../../../lib/apply/journal.js';
import { acquireLockScript, lockContent, parseLockOwner, releaseLockScript } from '../../../lib/apply/lock.js';
import type { InlineCommand, DetachedCommand } from '../../../lib/apply/commands/types.js';
import type { Step } from '../../../lib/plan/model.js';
import { readRemoteFile, remoteSha256, writeRemoteFileAtomic } from '../../../lib/transport/files.js';
import { CONTEXT } from '../apply/commands/samples.js';
import { assertPlanSchemaRejects, CASES, fileName, hostileValues, InjectionSandbox, pathNeedsQuoting } from './injection-support.js';

const sandbox = new InjectionSandbox();
after(() => sandbox.remove());

const files = join(sandbox.root, 'files');
mkdirSync(files);
const state = join(sandbox.root, 'state');
const linkDir = sandbox.move(LINK_DIR);
sandbox.move('/var/lib/dpkg/updates');
sandbox.stub('apt-get');
sandbox.stub('update-initramfs');

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Creates a file named after a hostile value and returns its absolute path. */
function plant(value: string, content: string, folderName: string | number): string {
  const folder = join(files, String(folderName));
  mkdirSync(folder, { recursive: true });
  const path = join(folder, fileName(value));
  writeFileSync(path, content);

  return path;
}

function inline(step: Step): string {
  return (buildCommand(step, CONTEXT) as InlineCommand).script;
}

describe('scripts with hostile paths and content', () => {
  test('guarded write replaces exactly the named file', () => {
    for (const [i, value] of hostileValues(sandbox, 6000, CASES).entries()) {
      const label = `guarded write case ${i}`;
      const path = plant(value, `old ${value}\n`, i);
      const content = `new ${value}\n`;
      const script = buildGuardedWrite({ path, beforeSha256: sha256(`old ${value}\n`), afterSha256: sha256(content), createMode: 0o644 });

      const result = sandbox.run(script, content);
      assert.equal(result.status, 0, `${label}: ${result.stderr}`);
      assert.equal(readFileSync(path, 'utf8'), content, label);
      sandbox.assertNoCanary(label);
      if (pathNeedsQuoting(path)) {
        assertPlanSchemaRejects({ kind: 'fix-template', path, beforeSha256: 'a'.repeat(64), removeSettings: ['x'] }, label);
      }
    }
  });

  test('transport file helpers read and write exactly the named file', async () => {
    const transport = sandbox.transport();
    for (const [i, value] of hostileValues(sandbox, 7000, CASES).entries()) {
      const label = `file helpers case ${i}`;
      const path = plant(value, '', i);
      const content = `${value}\n$(touch ${sandbox.canary})\n`;

      await writeRemoteFileAtomic(transport, path, content, 0o640, { owner: null });
      assert.equal(readFileSync(path, 'utf8'), content, label);
      assert.equal(statSync(path).mode & 0o777, 0o640, label);
      assert.equal(await readRemoteFile(transport, path), content, label);
      assert.equal(await remoteSha256(transport, path), sha256(content), label);
      assert.equal(await readRemoteFile(transport, `${path}.missing`), null, label);
      sandbox.assertNoCanary(label);
    }
  });

  test('resolve-conffiles settles exactly the named files', () => {
    for (const [i, value] of hostileValues(sandbox, 8000, CASES).entries()) {
      const label = `resolve-conffiles case ${i}`;
      const path = plant(value, 'installed\n', i);
      writeFileSync(`${path}.dpkg-dist`, 'maintainer\n');
      const kept = plant(value, 'kept\n', `${i}-kept`);
      const step: Step = { kind: 'resolve-conffiles', files: [{ path, answer: 'maintainer' }, { path: kept, answer: 'keep' }] };

      const result = sandbox.run(inline(step));
      assert.equal(result.status, 0, `${label}: ${result.stderr}`);
      assert.equal(readFileSync(path, 'utf8'), 'maintainer\n', label);
      assert.equal(readFileSync(`${path}${OLD_SUFFIX}`, 'utf8'), 'installed\n', label);
      assert.equal(readFileSync(kept, 'utf8'), 'kept\n', label);
      assert.ok(result.stdout.includes(`${CONFFILE_MARKER}\tinstalled-maintainer\t${path}\t`), label);
      sandbox.assertNoCanary(label);
      if (pathNeedsQuoting(path)) {
        assertPlanSchemaRejects(step, label);
      }
    }
  });

  test('dist-upgrade copies exactly the files to keep', () => {
    for (const [i, value] of hostileValues(sandbox, 9000, CASES).entries()) {
      const label = `dist-upgrade case ${i}`;
      const path = plant(value, 'mine\n', i);
      const step: Step = { kind: 'dist-upgrade', conffileDefault: 'maintainer', conffiles: [{ path, answer: 'keep' }] };
      writeFileSync(sandbox.callLog, '');

      const result = sandbox.run((buildCommand(step, CONTEXT) as DetachedCommand).body);
      assert.equal(result.status, 0, `${label}: ${result.stderr}`);
      assert.equal(readFileSync(`${path}.pmgup-keep`, 'utf8'), 'mine\n', label);
      assert.deepEqual(sandbox.calls(), [{ command: 'apt-get', args: [...aptOptions('maintainer'), 'dist-upgrade'] }], label);
      sandbox.assertNoCanary(label);
    }
  });

  test('pin-interface-names writes exactly the named link file', () => {
    const macs = hostileValues(sandbox, 10_500, CASES);
    for (const [i, value] of hostileValues(sandbox, 10_000, CASES).entries()) {
      const label = `pin-interface-names case ${i}`;
      const name = fileName(value).slice(0, 100);
      const mac = macs[i]!;
      const step: Step = { kind: 'pin-interface-names', links: [{ name, mac }] };
      writeFileSync(sandbox.callLog, '');

      const result = sandbox.run(inline(step));
      assert.equal(result.status, 0, `${label}: ${result.stderr}`);
      assert.equal(readFileSync(join(linkDir, `10-pmgup-${name}.link`), 'utf8'), linkFileContent(name, mac), label);
      assert.deepEqual(sandbox.calls(), [{ command: 'update-initramfs', args: ['-u', '-k', 'all'] }], label);
      sandbox.assertNoCanary(label);
      assertPlanSchemaRejects(step, label);
    }
  });

  test('journal lines keep hostile text as data', () => {
    for (const [i, value] of hostileValues(sandbox, 11_000, CASES).entries()) {
      const label = `journal case ${i}`;
      const entry: JournalEntry = { time: new Date(0).toISOString(), planId: value.slice(0, 50), actionId: value, event: 'note', detail: `${value}\n$(touch ${sandbox.canary})` };

      const result = sandbox.run(appendJournalScript([entry]));
      assert.equal(result.status, 0, `${label}: ${result.stderr}`);
      const { entries, corrupt } = parseJournal(readFileSync(join(state, 'journal.jsonl'), 'utf8'));
      assert.equal(corrupt, 0, label);
      assert.deepEqual(entries.at(-1), entry, label);
      sandbox.assertNoCanary(label);
    }
  });

  test('lock content keeps a hostile holder as data', () => {
    for (const [i, value] of hostileValues(sandbox, 12_000, CASES).entries()) {
      const label = `lock case ${i}`;
      const owner = { pid: 4242, holder: value, since: new Date(0).toISOString(), planId: `plan-${value.slice(0, 20)}` };

      const acquired = sandbox.run(acquireLockScript(owner));
      assert.equal(acquired.status, 0, `${label}: ${acquired.stderr}`);
      assert.equal(acquired.stdout.split('\n')[0], 'pmgup-lock acquired', label);
      assert.deepEqual(parseLockOwner(readFileSync(join(state, 'lock'), 'utf8')), owner, label);

      const released = sandbox.run(releaseLockScript(lockContent(owner)));
      assert.equal(released.status, 0, `${label}: ${released.stderr}`);
      assert.equal(existsSync(join(state, 'lock')), false, label);
      sandbox.assertNoCanary(label);
    }
  });
});

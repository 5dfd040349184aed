/**
 * The files pmgup keeps on the host (lock, journal, checkpoints, logs of
 * long steps, copies of replaced files) are root-only and written in one
 * step. A damaged journal or lock is reported, never misread. The scripts
 * run in a local /bin/sh with /var/lib/pmgup moved into a temp folder.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, beforeEach, describe, test } from 'node:test';

import { writeCheckpointScript } from '../../../lib/apply/checkpoint.js';
import { buildGuardedWrite } from '../../../lib/apply/commands/guarded-write.js';
import { startScript } from '../../../lib/apply/detached/scripts.js';
import { appendJournalScript, parseJournal, type JournalEntry } from '../../../lib/apply/journal.js';
import { acquireLockScript, LockHeldError, lockContent, parseLockOwner, releaseLockScript, tryLock } from '../../../lib/apply/lock.js';
import { resumeStateOf } from '../../../lib/apply/resume.js';
import { checkPmgupJournal } from '../../../lib/plan/checks/pmgup-journal.js';
import { parsePmgupState } from '../../../lib/probe/parsers/pmgup-state.js';
import { pmg7Host } from '../../support/facts.js';
import { Sandbox } from '../apply/support.js';
import { desired } from '../plan/support.js';

const sandbox = new Sandbox();
after(() => sandbox.remove());
const state = join(sandbox.root, 'state');
sandbox.stub('systemd-run');

const OWNER = { pid: 4242, holder: 'ops@client', since: '2026-12-01T10:00:00.000Z', planId: '0123456789ab' };
const mode = (path: string) => statSync(path).mode & 0o777;

function entry(actionId: string, event: JournalEntry['event']): JournalEntry {
  return { time: '2026-12-01T10:00:00.000Z', planId: OWNER.planId, actionId, event, detail: `${event} of ${actionId}` };
}

function run(script: string, input?: string): string {
  const result = sandbox.run(script, input);
  assert.equal(result.status, 0, result.stderr);

  return result.stdout;
}

/** Entries of the journal the sandbox holds. */
function journal(): { entries: JournalEntry[]; corrupt: number } {
  return parseJournal(readFileSync(join(state, 'journal.jsonl'), 'utf8'));
}

describe('files pmgup keeps on the host', () => {
  beforeEach(() => {
    // Each test starts from a state folder an operator left open to everyone.
    mkdirSync(state, { recursive: true });
    chmodSync(state, 0o755);
  });

  test('lock is root-only and never half written', () => {
    run(releaseLockScript(lockContent(OWNER)));
    assert.equal(run(acquireLockScript(OWNER)).split('\n')[0], 'pmgup-lock acquired');

    assert.equal(mode(state), 0o700);
    assert.equal(mode(join(state, 'lock')), 0o600);
    assert.deepEqual(parseLockOwner(readFileSync(join(state, 'lock'), 'utf8')), OWNER);
    assert.deepEqual(readdirSync(state).filter((name) => name.startsWith('.lock')), [], 'no temp file is left');

    const other = { ...OWNER, pid: 1, holder: 'someone@else' };
    assert.match(run(acquireLockScript(other)), /^pmgup-lock held\n/);
    assert.deepEqual(parseLockOwner(readFileSync(join(state, 'lock'), 'utf8')), OWNER, 'a second apply does not touch the lock');

    run(releaseLockScript(lockContent(other)));
    assert.equal(existsSync(join(state, 'lock')), true, 'release by another owner leaves the lock');
    run(releaseLockScript(lockContent(OWNER)));
    assert.equal(existsSync(join(state, 'lock')), false);
  });

  test('damaged lock is reported as held by an unknown apply', async () => {
    writeFileSync(join(state, 'lock'), '{"pid": 12, "holder": "cut sh');
    const attempt = await tryLock(sandbox.transport(), OWNER);

    assert.equal(attempt.acquired, false);
    assert.equal(attempt.acquired === false && attempt.owner, null);
    const error = new LockHeldError('pmg1', null, attempt.acquired === false ? attempt.raw : '');
    assert.match(error.detail, /cannot be read as a pmgup lock/);
    assert.match(error.detail, /--force-unlock/);
    assert.equal(readFileSync(join(state, 'lock'), 'utf8'), '{"pid": 12, "holder": "cut sh', 'the damaged lock is left for the operator');
    run(`rm -f ${join(state, 'lock')}`);
  });

  test('journal is root-only and keeps parallel appends whole', async () => {
    writeFileSync(join(state, 'journal.jsonl'), '', { mode: 0o644 });
    chmodSync(join(state, 'journal.jsonl'), 0o644);
    const appends = Array.from({ length: 40 }, (_, i) => sandbox.runAsync(appendJournalScript([entry(`pmg1/step-${i}`, 'note')])));
    const results = await Promise.all(appends);

    assert.deepEqual(results.map((result) => result.status), results.map(() => 0));
    assert.equal(mode(state), 0o700);
    assert.equal(mode(join(state, 'journal.jsonl')), 0o600);
    const { entries, corrupt } = journal();
    assert.equal(corrupt, 0);
    assert.equal(entries.length, 40);
    assert.equal(new Set(entries.map((item) => item.actionId)).size, 40);
  });

  test('damaged journal lines are counted, never read as entries', () => {
    const good = [entry('pmg1/backup', 'start'), entry('pmg1/backup', 'end'), entry('pmg1/apt-update', 'start')];
    const cut = JSON.stringify(entry('pmg1/apt-update', 'end')).slice(0, 40);
    const forged = JSON.stringify({ ...entry('pmg1/dist-upgrade', 'end'), event: 'done' });
    const text = [...good.map((item) => JSON.stringify(item)), cut, forged, 'garbage', '[]', 'null', ''].join('\n');

    const parsed = parseJournal(text);
    assert.deepEqual(parsed.entries, good);
    assert.equal(parsed.corrupt, 5);

    const resume = resumeStateOf(parsed.entries, OWNER.planId);
    assert.equal(resume.ended.has('pmg1/apt-update'), false, 'a cut end line does not count as ended');
    assert.equal(resume.ended.has('pmg1/dist-upgrade'), false, 'a forged event does not count');

    const probed = parsePmgupState(
      { name: 'pmgup-state', body: `missing ${Buffer.from('/var/lib/pmgup/lock').toString('base64')}\njournal b${Buffer.from(text).toString('base64')}`, status: 0 },
      { name: 'pmgup-units', body: 'query', status: 0 },
    );
    assert.equal(probed.journalCorruptLines, 5);
    assert.equal(probed.journal.length, 3);
  });

  test('plan warns about a damaged journal', () => {
    const facts = pmg7Host();
    facts.pmgup.journal = [entry('pmg1/backup', 'start')];
    const context = { host: 'pmg1', phase: 'pre-upgrade' as const };

    assert.deepEqual(checkPmgupJournal(facts, desired(), context).map((item) => item.severity), ['pass']);
    facts.pmgup.journalCorruptLines = 2;
    const [warning] = checkPmgupJournal(facts, desired(), context);
    assert.equal(warning?.severity, 'warning');
    assert.match(warning?.message ?? '', /^2 of the last journal lines are not a complete entry/);
    facts.pmgup.journal = [];
    facts.pmgup.journalCorruptLines = 0;
    assert.deepEqual(checkPmgupJournal(facts, desired(), context), []);
  });

  test('checkpoints are root-only and replaced in one step', () => {
    run(writeCheckpointScript(OWNER.planId), '{"afterAction":"pmg1/backup","fingerprints":{}}');

    const folder = join(state, 'checkpoints');
    assert.equal(mode(folder), 0o700);
    assert.equal(mode(join(folder, `${OWNER.planId}.json`)), 0o600);
    assert.deepEqual(readdirSync(folder), [`${OWNER.planId}.json`], 'no temp file is left');
  });

  test('logs of long steps are root-only', () => {
    run(startScript(`pmgup-${OWNER.planId}-dist-upgrade`, 'pmgup: test'), '#!/bin/sh\ntrue\n');

    const logs = join(state, 'logs');
    assert.equal(mode(logs), 0o700);
    for (const name of readdirSync(logs)) {
      assert.equal(mode(join(logs, name)), 0o600, name);
    }
    assert.ok(readdirSync(logs).length >= 2, 'the runner and the log exist');
  });

  test('copies of replaced files stay in a root-only folder', () => {
    const target = join(sandbox.root, 'sources.list');
    writeFileSync(target, 'old\n', { mode: 0o644 });
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    run(buildGuardedWrite({ path: target, beforeSha256: sha('old\n'), afterSha256: sha('new\n'), createMode: 0o644 }), 'new\n');

    assert.equal(mode(join(state, 'files')), 0o700);
    assert.equal(readFileSync(target, 'utf8'), 'new\n');
    assert.equal(mode(target), 0o644, 'the file keeps its mode');
  });
});

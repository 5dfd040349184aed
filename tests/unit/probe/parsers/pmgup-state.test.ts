import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseDetachedSteps, parseJournal, parseLock, parsePmgupState } from '../../../../lib/probe/parsers/pmgup-state.js';
import { assertRejected, recordedSection, section } from '../helpers.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('parsers/pmgup-state', () => {
  describe('parsePmgupState()', () => {
    test('untouched host has no state', () => {
      const run = 'bookworm/probe-run.txt';

      assert.deepEqual(parsePmgupState(recordedSection(run, 'pmgup-state'), recordedSection(run, 'pmgup-units')), {
        lock: null,
        journal: [],
        journalCorruptLines: 0,
        detachedSteps: [],
      });
    });

    test('reads lock and journal', () => {
      const lock = '{"pid":4242,"holder":"pmgup apply on admin-laptop","since":"2026-12-01T10:00:00Z","planId":"p1"}';
      const journal = '{"time":"t","planId":"p1","actionId":"a1","event":"start","detail":""}\nnot json\n';
      const body = `file ${b64('/var/lib/pmgup/lock')} 1 - b${b64(lock)}\njournal b${b64(journal)}\n`;
      const state = parsePmgupState(section('pmgup-state', body), section('pmgup-units', 'query\n'));

      assert.equal(state.lock?.pid, 4242);
      assert.equal(state.journal.length, 1);
      assert.equal(state.journalCorruptLines, 1);
    });

    test('journal line without base64 marker is rejected', () => {
      const body = `missing ${b64('/var/lib/pmgup/lock')}\njournal {}\n`;

      assertRejected(() => parsePmgupState(section('pmgup-state', body), section('pmgup-units', 'query\n')), 'pmgup-state', 2);
    });
  });

  describe('parseLock()', () => {
    test('unreadable lock still counts as held', () => {
      const lock = parseLock('{"pid": "x"');

      assert.equal(lock?.pid, 0);
      assert.match(lock?.holder ?? '', /^unreadable lock file/);
    });
  });

  describe('parseJournal()', () => {
    test('entries with an unknown event are corrupt', () => {
      const text = '{"time":"t","planId":"p","actionId":"a","event":"explode","detail":""}\n[1]\n\n';

      assert.deepEqual(parseJournal(text), { entries: [], corrupt: 2 });
    });
  });

  describe('parseDetachedSteps()', () => {
    test('exit status only for a normal exit', () => {
      const body = [
        'query pmgup-dist-upgrade.service pmgup-pg-upgrade.service pmgup-killed.service',
        'Id=pmgup-dist-upgrade.service\nActiveState=failed\nResult=exit-code\nExecMainCode=1\nExecMainStatus=100',
        'Id=pmgup-pg-upgrade.service\nActiveState=active\nResult=success\nExecMainCode=0\nExecMainStatus=0',
        'Id=pmgup-killed.service\nActiveState=failed\nResult=signal\nExecMainCode=2\nExecMainStatus=9',
      ].join('\n\n');
      const steps = parseDetachedSteps(section('pmgup-units', body));

      assert.deepEqual(steps, [
        { unit: 'pmgup-dist-upgrade.service', activeState: 'failed', result: 'exit-code', exitStatus: 100 },
        { unit: 'pmgup-pg-upgrade.service', activeState: 'active', result: 'success', exitStatus: null },
        { unit: 'pmgup-killed.service', activeState: 'failed', result: 'signal', exitStatus: null },
      ]);
    });
  });
});

import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { appendJournalScript, journalLine, parseJournal } from '../../../lib/apply/journal.js';
import { Sandbox } from './support.js';

const ENTRY = {
  time: '2026-12-01T10:00:00.000Z',
  planId: '0123456789ab',
  actionId: 'pmg1/dist-upgrade',
  event: 'start' as const,
  detail: "apt-get dist-upgrade; it's \"quoted\"\nand multi-line",
};

describe('apply/journal', () => {
  test('journalLine writes the fields in a fixed order on one line', () => {
    const line = journalLine({ detail: 'd', event: 'note', actionId: 'a/b', planId: 'p', time: 't' });
    assert.equal(line, '{"time":"t","planId":"p","actionId":"a/b","event":"note","detail":"d"}');
  });

  test('append script writes one line per entry, root-only', () => {
    const sandbox = new Sandbox();
    assert.equal(sandbox.run(appendJournalScript([ENTRY, { ...ENTRY, event: 'end', detail: 'done' }])).status, 0);
    const path = join(sandbox.root, 'state', 'journal.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    assert.equal(lines.length, 3);
    assert.deepEqual(JSON.parse(lines[0]!), ENTRY);
    assert.equal(lines[2], '');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    sandbox.remove();
  });

  test('parseJournal counts broken lines instead of trusting them', () => {
    const text = `${journalLine(ENTRY)}\n{"time":"cut off\n{"time":"t","planId":"p","actionId":"a","event":"bogus","detail":"d"}\n`;
    const parsed = parseJournal(text);
    assert.deepEqual(parsed.entries, [ENTRY]);
    assert.equal(parsed.corrupt, 2);
  });
});

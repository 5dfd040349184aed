/**
 * Parsers for what earlier pmgup runs left on the host: the apply lock
 * (JSON), the tail of the journal (JSON lines) and pmgup's transient units.
 */
import type { JournalEntryFact, PmgupStateFacts } from '../facts.js';
import { contentLines, decodeBase64, readFileRecord, reject, splitTag } from '../records.js';
import type { Section } from '../sections.js';
import { parseUnitBlocks, required } from './systemd.js';

const EVENTS: readonly string[] = ['start', 'end', 'error', 'note'];

/** Parses `pmgup-state` (lock record and `journal bB64` line) and `pmgup-units`. */
export function parsePmgupState(state: Section, units: Section): PmgupStateFacts {
  const lines = contentLines(state);
  if (lines.length === 0 || lines.length > 2) {
    return reject(state, lines[2] ?? null, 'a lock file record and at most one journal line');
  }

  const lock = readFileRecord(state, lines[0]);
  if (lock.path !== '/var/lib/pmgup/lock') {
    return reject(state, lines[0], 'a record for /var/lib/pmgup/lock');
  }
  let journalText = '';
  if (lines[1] !== undefined) {
    const { tag, rest } = splitTag(lines[1]);
    if (tag !== 'journal' || !rest.startsWith('b')) {
      return reject(state, lines[1], '"journal b" and base64');
    }
    journalText = decodeBase64(state, lines[1], rest.slice(1)).toString('utf8');
  }

  const journal = parseJournal(journalText);

  return {
    lock: lock.kind === 'file' ? parseLock(lock.bytes?.toString('utf8') ?? '') : null,
    journal: journal.entries,
    journalCorruptLines: journal.corrupt,
    detachedSteps: parseDetachedSteps(units),
  };
}

/**
 * Parses the lock file. A lock file that exists but cannot be read still
 * means an apply may hold the host, so it is reported as a lock held by an
 * unknown holder (pid 0) rather than as no lock.
 */
export function parseLock(text: string): PmgupStateFacts['lock'] {
  const unknown = { pid: 0, holder: `unreadable lock file: ${JSON.stringify(text.slice(0, 100))}`, since: '', planId: '' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return unknown;
  }

  const record = value as Record<string, unknown>;
  if (
    typeof value !== 'object' || value === null ||
    !Number.isInteger(record.pid) ||
    typeof record.holder !== 'string' ||
    typeof record.since !== 'string' ||
    typeof record.planId !== 'string'
  ) {
    return unknown;
  }

  return { pid: record.pid as number, holder: record.holder, since: record.since, planId: record.planId };
}

/** Parses journal lines; lines that are not a complete journal entry are counted, not kept. */
export function parseJournal(text: string): { entries: JournalEntryFact[]; corrupt: number } {
  const entries: JournalEntryFact[] = [];
  let corrupt = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      continue;
    }

    const entry = journalEntry(line);
    if (entry === null) {
      corrupt += 1;
    } else {
      entries.push(entry);
    }
  }

  return { entries, corrupt };
}

function journalEntry(line: string): JournalEntryFact | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) {
    return null;
  }

  const record = value as Record<string, unknown>;
  const { time, planId, actionId, event, detail } = record;
  if (
    typeof time !== 'string' ||
    typeof planId !== 'string' ||
    typeof actionId !== 'string' ||
    typeof event !== 'string' ||
    !EVENTS.includes(event) ||
    typeof detail !== 'string'
  ) {
    return null;
  }

  return { time, planId, actionId, event: event as JournalEntryFact['event'], detail };
}

const STEP_PROPERTIES = ['Id', 'ActiveState', 'Result', 'ExecMainCode', 'ExecMainStatus'];

/**
 * Parses `pmgup-units`. The exit status is known only once the main process
 * exited normally (ExecMainCode 1, CLD_EXITED); it is null while the step
 * runs or when a signal ended it.
 */
export function parseDetachedSteps(section: Section): PmgupStateFacts['detachedSteps'] {
  const blocks = parseUnitBlocks(section, STEP_PROPERTIES) ?? new Map<string, Map<string, string>>();

  return [...blocks].map(([unit, block]) => ({
    unit,
    activeState: required(section, unit, block, 'ActiveState'),
    result: block.get('Result') ?? '',
    exitStatus: block.get('ExecMainCode') === '1' && /^\d+$/.test(block.get('ExecMainStatus') ?? '') ? Number(block.get('ExecMainStatus')) : null,
  }));
}

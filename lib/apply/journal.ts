/**
 * The journal on the host: `/var/lib/pmgup/journal.jsonl`, readable by root
 * only, one JSON object per line `{time, planId, actionId, event, detail}`
 * appended for each step's start, end and error and for notes (the backup
 * archive, each configuration file's outcome, the mail downtime, a lock
 * taken over, a detached unit followed again). The probe reads its last
 * lines back into `facts.pmgup.journal`.
 */
import type { JournalEntryFact } from '../probe/facts.js';
import { shellQuote } from '../transport/quote.js';
import type { Transport } from '../transport/types.js';
import { JOURNAL_PATH, STATE_DIR } from './commands/shell.js';

export type JournalEntry = JournalEntryFact;
export type JournalEvent = JournalEntry['event'];

/** Returns one journal line (without the newline), fields in a fixed order. */
export function journalLine(entry: JournalEntry): string {
  const { time, planId, actionId, event, detail } = entry;

  return JSON.stringify({ time, planId, actionId, event, detail });
}

/** Returns the script that appends the entries, creating the journal with mode 0600. */
export function appendJournalScript(entries: readonly JournalEntry[]): string {
  const lines = entries.map((entry) => shellQuote(journalLine(entry))).join(' ');

  return [
    'set -eu',
    'umask 077',
    `install -d -m 0700 ${STATE_DIR}`,
    `printf '%s\\n' ${lines} >> ${JOURNAL_PATH}`,
    `chmod 0600 ${JOURNAL_PATH}`,
  ].join('\n');
}

/**
 * Parses journal text, skipping lines that are not a complete entry (a line
 * cut short by a crash); `corrupt` counts them.
 */
export function parseJournal(text: string): { entries: JournalEntry[]; corrupt: number } {
  const entries: JournalEntry[] = [];
  let corrupt = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      continue;
    }

    const entry = parseEntry(line);
    if (entry === null) {
      corrupt++;
    } else {
      entries.push(entry);
    }
  }

  return { entries, corrupt };
}

const EVENTS: readonly JournalEvent[] = ['start', 'end', 'error', 'note'];

function parseEntry(line: string): JournalEntry | null {
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    const strings = ['time', 'planId', 'actionId', 'detail'].every((key) => typeof value[key] === 'string');
    if (!strings || !EVENTS.includes(value.event as JournalEvent)) {
      return null;
    }

    return value as unknown as JournalEntry;
  } catch {
    return null;
  }
}

/** Appends entries for one plan on one host. */
export class HostJournal {
  constructor(
    private readonly transport: Transport,
    private readonly planId: string,
    private readonly clock: () => Date,
    private readonly retry: <T>(call: () => Promise<T>) => Promise<T>,
  ) {}

  /** Appends one entry; a dropped connection is retried, because an appended line is harmless twice. */
  async append(actionId: string, event: JournalEvent, detail: string): Promise<void> {
    const entry = { time: this.clock().toISOString(), planId: this.planId, actionId, event, detail };
    await this.retry(() => this.transport.run(appendJournalScript([entry])));
  }
}

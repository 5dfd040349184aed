/**
 * The journal an earlier apply left on the host. Lines that are not
 * complete journal entries (a write cut short by a crash, or an edit) are
 * ignored by apply, so a step they record may run again; the operator
 * should know before applying. pmg7to8 has no such check.
 */
import type { Check } from './context.js';
import { diagnostic } from './context.js';

const CODE = 'pmgup-journal';
const JOURNAL = '/var/lib/pmgup/journal.jsonl';

/** Reports damaged lines in the last lines of pmgup's journal on the host. */
export const checkPmgupJournal: Check = (facts, _desired, context) => {
  const corrupt = facts.pmgup.journalCorruptLines;
  if (corrupt === 0) {
    return facts.pmgup.journal.length === 0
      ? []
      : [diagnostic(context, { code: CODE, severity: 'pass', subject: JOURNAL, message: 'Every journal line the probe read is a complete entry.' })];
  }

  return [
    diagnostic(context, {
      code: CODE,
      severity: 'warning',
      subject: JOURNAL,
      message: `${corrupt} of the last journal lines ${corrupt === 1 ? 'is' : 'are'} not a complete entry (cut short by a crash, or edited), so apply ignores ${corrupt === 1 ? 'it' : 'them'} and may run a step ${corrupt === 1 ? 'it records' : 'they record'} again.`,
      fix: `Read the end of ${JOURNAL} to see what the last apply did; pmgup plan shows what is left to do either way.`,
    }),
  ];
};

/**
 * Parser for the `mail-queue` section: the last line of `postqueue -p`
 * and the number of files in Postfix's queue directories.
 */
import { contentLines, readCount, readKeyValues } from '../records.js';
import type { Section } from '../sections.js';

/**
 * Returns the number of queued messages: from postqueue's summary line
 * ("-- 12 Kbytes in 3 Requests." or "Mail queue is empty"), or, when
 * postqueue gave neither (Postfix stopped), from the spool file count.
 * Null when neither postqueue nor the spool exists.
 */
export function parseMailQueue(section: Section): number | null {
  if (contentLines(section).length === 0) {
    return null;
  }

  const values = readKeyValues(section, ['postqueue', 'spool']);
  const summary = values.get('postqueue') ?? '';
  if (/^Mail queue is empty\s*$/.test(summary)) {
    return 0;
  }

  const requests = /^-- \d+ Kbytes in (\d+) Requests?\.\s*$/.exec(summary);
  if (requests) {
    return Number(requests[1]);
  }

  const spool = values.get('spool');

  return spool === undefined ? null : readCount(section, null, spool, 'a file count');
}

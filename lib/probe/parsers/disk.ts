/**
 * Parser for the `disk` section: `disk PATH SIZE AVAILABLE MOUNTPOINT` from
 * `df -B1 --output=size,avail,target`, or `absent PATH`.
 */
import type { DiskFact } from '../facts.js';
import { contentLines, readCount, reject, splitTag } from '../records.js';
import type { Section } from '../sections.js';

/**
 * Parses the `disk` section. Paths that do not exist, and paths df could not
 * measure (it failed or timed out), are left out; every path asked for is
 * reported on its own, even when several share a mount point.
 */
export function parseDisk(section: Section): DiskFact[] {
  const disks: DiskFact[] = [];
  for (const line of contentLines(section)) {
    const { tag, rest } = splitTag(line);
    if (tag === 'absent') {
      continue;
    }

    const match = /^(\/\S*) (?:(\d+) +(\d+) (\/.*))?$/.exec(rest);
    if (tag !== 'disk' || !match) {
      return reject(section, line, '"disk PATH SIZE AVAILABLE MOUNTPOINT" or "absent PATH"');
    }
    if (match[2] === undefined) {
      continue;
    }

    disks.push({
      path: match[1],
      mountPoint: match[4],
      sizeBytes: readCount(section, line, match[2], 'a size in bytes'),
      availableBytes: readCount(section, line, match[3], 'available bytes'),
    });
  }

  return disks;
}

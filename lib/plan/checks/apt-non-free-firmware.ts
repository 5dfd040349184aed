/**
 * Debian 12 moved firmware packages from `non-free` into a new
 * `non-free-firmware` component, so an entry with `non-free` alone stops
 * getting firmware updates after the upgrade. pmg7to8 has no such check.
 */
import type { Check } from './context.js';
import { diagnostic, releaseUpgraded } from './context.js';
import { aptRecords, isBinary, recordLocation } from './apt-entries.js';

/** Reports Debian entries that carry `non-free` without `non-free-firmware`. */
export const checkNonFreeFirmware: Check = (facts, desired, context) => {
  const { records } = aptRecords(facts, desired);
  const missing = records.filter(
    (record) =>
      record.origin === 'debian' &&
      isBinary(record) &&
      record.entry.components.includes('non-free') &&
      !record.entry.components.includes('non-free-firmware'),
  );
  const upgraded = releaseUpgraded(facts, desired);
  const codename = desired.release.codename;

  return missing.map((record) =>
    diagnostic(context, {
      code: 'apt-non-free-firmware',
      severity: upgraded ? 'warning' : 'notice',
      subject: record.entry.file,
      message: `Entry ${record.uri} ${record.suite} has non-free but not non-free-firmware, where Debian ${codename} keeps firmware packages.`,
      fix: desired.apt.non_free_firmware
        ? 'The plan adds non-free-firmware to the entry (apt.non_free_firmware = true).'
        : "Add non-free-firmware to the entry's components, or set apt.non_free_firmware = true so the plan adds it.",
      location: { ...recordLocation(record), line: record.entry.componentsLine },
    }),
  );
};

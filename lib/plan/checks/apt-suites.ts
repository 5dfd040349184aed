/**
 * APT suite consistency (pmg7to8 check 14): every repository must follow
 * the same Debian release. pmg7to8 reads only one-line `.list` files,
 * skips entries with `[options]`, reports only the first mismatch in older
 * releases and calls `-debug` and older suites "strange" in its PMG 8
 * copy. Here both formats and all options are read, `-debug`, `/updates`
 * and `debian-CODENAME` vendor suites are understood, and every entry
 * involved is named with its file and line (or stanza).
 *
 * Before and during the upgrade, entries still on the old release beside
 * entries on the new one are the state the plan's own sources edit leaves
 * between files, and the plan switches the rest, so that mixture is a
 * warning. pmg7to8 fails it, but blocking there would keep pmgup from
 * finishing its own step. Entries on any other release always fail.
 */
import type { Desired } from '../../config/desired.js';
import type { HostFacts } from '../../probe/facts.js';
import { aptSkippedFiles } from '../apt-read-files.js';
import type { Diagnostic } from '../model.js';
import type { SourceRecord } from './apt-entries.js';
import {
  DEBIAN_CODENAMES,
  aptRecords,
  formatLocation,
  isBinary,
  recordLocation,
} from './apt-entries.js';
import type { Check, CheckContext } from './context.js';
import { diagnostic, releaseUpgraded } from './context.js';

/** Reports mixed releases, unknown suites and unparsable lines of the host's sources. */
export const checkAptSuites: Check = (facts, desired, context) => {
  const { records, problems } = aptRecords(facts, desired);
  const binary = records.filter(isBinary);
  const known = binary.filter((record) => DEBIAN_CODENAMES.includes(record.base));
  const unknown = binary.filter((record) => !DEBIAN_CODENAMES.includes(record.base));

  const results = problems.map((problem) =>
    diagnostic(context, {
      code: 'apt-source-invalid',
      severity: 'warning',
      subject: problem.file,
      message: `apt cannot use this line: ${problem.message}.`,
      fix: 'Fix or remove the line; apt update fails on it.',
      location: { file: problem.file, line: problem.line },
    }),
  );
  results.push(...aptSkippedFiles(facts.apt.files).map((file) =>
    diagnostic(context, {
      code: 'apt-source-skipped',
      severity: 'notice',
      subject: 'apt sources file',
      message: 'apt skips this file because its name has characters other than letters, digits, _, -, : and ., so pmgup leaves it unchanged.',
      fix: 'Rename it if apt should read it, or remove it.',
      location: { file: file.path },
    }),
  ));
  results.push(...mismatches(known, facts, desired, context));
  results.push(...unknown.map((record) => unknownSuite(record, context)));

  return results;
};

function mismatches(
  known: SourceRecord[],
  facts: HostFacts,
  desired: Desired,
  context: CheckContext,
): Diagnostic[] {
  const { from, codename } = desired.release;
  const upgraded = releaseUpgraded(facts, desired);
  const accepted: string[] = upgraded ? [codename] : [from, codename];
  const foreign = known.filter((record) => !accepted.includes(record.base));
  const onNew = known.filter((record) => record.base === codename);
  const leftBehind =
    upgraded || onNew.length === 0 ? [] : known.filter((record) => record.base === from);

  if (foreign.length === 0 && leftBehind.length === 0) {
    const releases =
      [...new Set(known.map((record) => record.base))].join(' and ') || 'no Debian release';
    return [
      diagnostic(context, {
        code: 'apt-suites',
        severity: 'pass',
        subject: 'apt sources',
        message: `All ${known.length} entries follow ${releases}.`,
      }),
    ];
  }

  const expected = upgraded ? codename : from;
  return [
    ...foreign.map((record) => foreignRelease(record, expected, known, desired, context)),
    ...leftBehind.map((record) => transitional(record, onNew, desired, context)),
  ];
}

function foreignRelease(
  record: SourceRecord,
  expected: string,
  known: SourceRecord[],
  desired: Desired,
  context: CheckContext,
): Diagnostic {
  const peers = known.filter((other) => other.base === expected).map(formatLocation);
  const peerText = peers.length > 0 ? ` like ${peers.join(', ')}` : '';
  // The operator chose to leave third-party entries alone; after the
  // upgrade that choice is worth a warning, not a blocked plan.
  const kept =
    record.origin === 'third-party' &&
    desired.apt.third_party === 'keep' &&
    record.base === desired.release.from;

  return diagnostic(context, {
    code: 'apt-suites',
    severity: kept ? 'warning' : 'error',
    subject: record.entry.file,
    message: `Suite ${record.suite} (${record.uri}) follows ${record.base}, but the host's repositories must follow ${expected}${peerText}.`,
    fix: kept
      ? `apt.third_party = "keep" left this entry on ${record.base}; switch it to ${expected} once the vendor publishes it, or disable it.`
      : `Switch this entry to ${expected} or disable it, then plan again.`,
    location: recordLocation(record),
  });
}

function transitional(
  record: SourceRecord,
  onNew: SourceRecord[],
  desired: Desired,
  context: CheckContext,
): Diagnostic {
  const { from, codename } = desired.release;
  const kept = record.origin === 'third-party' && desired.apt.third_party === 'keep';

  return diagnostic(context, {
    code: 'apt-suites',
    severity: 'warning',
    subject: record.entry.file,
    message: `Suite ${record.suite} (${record.uri}) still follows ${from} while ${onNew.map(formatLocation).join(', ')} already follow ${codename}.`,
    fix: kept
      ? `apt.third_party = "keep" leaves this entry on ${from}; switch or disable it yourself if the vendor publishes ${codename}.`
      : `The plan switches this entry as part of its sources edit; apply it before running apt by hand.`,
    location: recordLocation(record),
  });
}

function unknownSuite(record: SourceRecord, context: CheckContext): Diagnostic {
  return diagnostic(context, {
    code: 'apt-suite-unknown',
    severity: 'notice',
    subject: record.entry.file,
    message: `Suite ${JSON.stringify(record.suite)} (${record.uri}) is not a Debian release name, so pmgup cannot tell which release it follows.`,
    fix: 'Check that the repository publishes packages for the new release.',
    location: recordLocation(record),
  });
}

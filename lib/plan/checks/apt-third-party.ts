/**
 * Repositories the plan does not own: third-party entries still on the old
 * release, decided by `apt.third_party`, and Debian's old backports suite,
 * decided by `apt.backports`. Both lists name every entry with its file
 * and line (or stanza). pmg7to8 has no such check.
 */
import type { Desired } from '../../config/desired.js';
import type { HostFacts } from '../../probe/facts.js';
import type { Diagnostic, Severity } from '../model.js';
import type { SourceRecord } from './apt-entries.js';
import { aptRecords, recordLocation } from './apt-entries.js';
import type { Check, CheckContext } from './context.js';
import { diagnostic, releaseUpgraded } from './context.js';

type ThirdPartyPolicy = Desired['apt']['third_party'];

const POLICY_SEVERITY: Record<ThirdPartyPolicy, Severity> = {
  stop: 'error',
  keep: 'warning',
  rewrite: 'notice',
  disable: 'notice',
};

/** Reports third-party and backports entries that still follow the old release. */
export const checkThirdPartyRepositories: Check = (facts, desired, context) => {
  const { records } = aptRecords(facts, desired);
  const from = desired.release.from;
  const thirdParty = records.filter(
    (record) => record.origin === 'third-party' && record.base === from,
  );
  const backports = records.filter(
    (record) =>
      record.origin === 'debian' &&
      /-backports(-sloppy)?$/.test(record.suite) &&
      record.base === from,
  );

  return [
    ...thirdParty.map((record) => thirdPartyFinding(record, desired, context)),
    ...backports.map((record) => backportsFinding(record, facts, desired, context)),
  ];
};

function thirdPartyFinding(
  record: SourceRecord,
  desired: Desired,
  context: CheckContext,
): Diagnostic {
  const policy = desired.apt.third_party;
  const { from, codename } = desired.release;
  const outcome: Record<ThirdPartyPolicy, string> = {
    stop: `apt.third_party = "stop": the plan cannot be applied until you decide. Set apt.third_party to "disable", "rewrite" or "keep", or edit the entry yourself.`,
    disable: 'apt.third_party = "disable": the plan comments the entry out.',
    rewrite: `apt.third_party = "rewrite": the plan switches the entry to ${codename}; apt update fails if the vendor does not publish it.`,
    keep: `apt.third_party = "keep": the entry stays on ${from}, and its packages may not fit Debian ${codename}.`,
  };

  return diagnostic(context, {
    code: 'apt-third-party',
    severity: POLICY_SEVERITY[policy],
    subject: record.entry.file,
    message: `Third-party repository ${record.uri} still follows ${from} (suite ${record.suite}).`,
    fix: outcome[policy],
    location: recordLocation(record),
  });
}

function backportsFinding(
  record: SourceRecord,
  facts: HostFacts,
  desired: Desired,
  context: CheckContext,
): Diagnostic {
  const { from, codename } = desired.release;
  const action =
    desired.apt.backports === 'disable'
      ? 'apt.backports = "disable": the plan comments the entry out.'
      : `apt.backports = "rewrite": the plan switches the entry to ${codename}-backports.`;

  return diagnostic(context, {
    code: 'apt-backports',
    severity: releaseUpgraded(facts, desired) ? 'warning' : 'notice',
    subject: record.entry.file,
    message: `Debian entry ${record.uri} uses ${record.suite}; ${from}-backports was moved off the main Debian mirrors to archive.debian.org, so apt update fails on it.`,
    fix: action,
    location: recordLocation(record),
  });
}

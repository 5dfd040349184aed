/**
 * early-upgrade: the part of the release upgrade that can run before the
 * mail services stop, to shorten the mail downtime. Everything PMG,
 * Postfix, PostgreSQL, ClamAV, SpamAssassin and Perl consist of stays at
 * its installed version, so the software that reads and writes the mail
 * and the database does not change while it runs. The rest (C library,
 * systemd, OpenSSH, initramfs tools and so on) is upgraded the way Debian
 * upgrades a running system. base-files stays too, because it carries
 * /etc/os-release, from which the plan reads the release the host runs.
 * The new libc6's maintainer script restarts the services it finds
 * running, postfix and PostgreSQL among them (on the test host: postfix
 * down for 1.5 to 2.5 s). Mail is refused for that moment, not lost.
 */
import { isMasked, type PlanContext } from './context.js';
import { draft, reason, type Draft } from './draft.js';
import { factKey } from './fact-keys.js';
import { stepSlug } from './stages.js';

/** apt_preferences patterns of the packages early-upgrade keeps at their installed version. */
export const EARLY_HOLD = [
  'base-files',
  // usr-is-merged refuses to install on a system whose /usr is not merged
  // yet, and usrmerge, which merges it, needs Perl modules held here. The
  // dist-upgrade installs both, in the order they need.
  'usr-is-merged',
  'usrmerge',
  'pmg-*',
  'proxmox-*',
  'libpmg-*',
  'libpve-*',
  'libproxmox-*',
  'postfix',
  'postfix-*',
  'postgresql',
  'postgresql-*',
  'libpq5',
  'clamav',
  'clamav-*',
  'libclamav*',
  'spamassassin',
  'sa-compile',
  'spamc',
  'perl',
  'perl-base',
  'perl-modules-*',
  'libperl*',
  'lib*-perl',
];

/** Returns whether a package name matches an apt_preferences pattern, where `*` stands for any characters. */
export function matchesPattern(name: string, pattern: string): boolean {
  const expression = pattern.replace(/[.+]/g, '\\$&').replace(/\*/g, '.*');

  return new RegExp(`^${expression}$`).test(name);
}

/** Returns whether early-upgrade holds the package. */
export function heldEarly(name: string): boolean {
  return EARLY_HOLD.some((pattern) => matchesPattern(name, pattern));
}

/** Returns whether the mail services still run as before the upgrade, so the early upgrade can go first. */
function beforeTheStop(context: PlanContext): boolean {
  const { facts, desired } = context;

  return facts.os.codename !== desired.release.codename && !context.runningUnits.some((unit) => isMasked(facts.units[unit]));
}

/**
 * Returns whether an earlier early-upgrade already ran: apt has the target
 * release's lists, and every upgrade it still reports is of a held package.
 */
function alreadyDone(context: PlanContext): boolean {
  const { listedSuites, pending } = context.facts.apt;
  const codename = context.desired.release.codename;
  const listed = listedSuites.some((suite) => suite.endsWith(`_dists_${codename}`));

  return listed && pending.error === null && pending.install.length > 0 && pending.install.every((entry) => heldEarly(entry.name));
}

/** Plans the early upgrade ahead of a dist-upgrade to a new release on a host whose mail still runs. */
export function planEarlyUpgrade(context: PlanContext): Draft[] {
  if (!beforeTheStop(context) || alreadyDone(context)) {
    return [];
  }

  const { codename } = context.desired.release;

  return [
    draft({
      stage: 'early-upgrade',
      slug: stepSlug('early-upgrade'),
      step: { kind: 'early-upgrade', codename, hold: [...EARLY_HOLD] },
      reason: reason(
        'release.codename',
        codename,
        context.facts.os.codename,
        'Packages the mail services do not use are upgraded while mail still flows, so the dist-upgrade in the mail downtime has fewer left. apt-get upgrade never removes a package; the new libc6 restarts postfix and PostgreSQL once, for a few seconds.',
      ),
      changes: [{ subject: 'packages outside PMG, Postfix, PostgreSQL, ClamAV and Perl', before: context.facts.os.codename, after: codename }],
      fingerprintKeys: ['os.codename', 'apt.listedSuites', ...context.runningUnits.map(factKey.unit)],
    }),
  ];
}

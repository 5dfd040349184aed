/**
 * Time synchronisation (pmg7to8 check 10). PMG installs no NTP daemon by
 * default, so having none is only a notice. systemd-timesyncd is a warning,
 * as in pmg7to8, because it is a plain SNTP client and a server is better
 * served by a full NTP daemon.
 */
import type { HostFacts } from '../../probe/facts.js';
import type { Check } from './context.js';
import { diagnostic } from './context.js';

const CODE = 'time-sync';
const SUBJECT = 'time synchronisation';
const FULL_DAEMONS = ['chrony.service', 'openntpd.service', 'ntpsec.service'];

/** Reports which time daemon runs, in pmg7to8's order of preference. */
export const checkTimeSync: Check = (facts, _desired, context) => {
  if (isActive(facts, 'systemd-timesyncd.service')) {
    return [
      diagnostic(context, {
        code: CODE,
        severity: 'warning',
        subject: SUBJECT,
        message:
          'systemd-timesyncd keeps the time; it is a plain SNTP client, and a server is better served by a full NTP daemon (chrony, ntpsec or openntpd).',
        fix: 'Consider `apt install chrony`, which replaces systemd-timesyncd.',
      }),
    ];
  }
  if (isActive(facts, 'ntp.service')) {
    return [
      diagnostic(context, {
        code: CODE,
        severity: 'info',
        subject: SUBJECT,
        message:
          'ntp keeps the time; in Debian 12 the ntp package is a transitional package that installs ntpsec.',
      }),
    ];
  }

  const daemon = FULL_DAEMONS.find((name) => isActive(facts, name));
  if (daemon !== undefined) {
    return [
      diagnostic(context, {
        code: CODE,
        severity: 'pass',
        subject: SUBJECT,
        message: `${daemon} keeps the time.`,
      }),
    ];
  }

  return [
    diagnostic(context, {
      code: CODE,
      severity: 'notice',
      subject: SUBJECT,
      message:
        'No time daemon is active (checked chrony, openntpd, ntpsec, ntp and systemd-timesyncd).',
      fix: 'Accurate time matters for mail headers, spam scoring and cluster sync; consider `apt install chrony`.',
    }),
  ];
};

function isActive(facts: HostFacts, name: string): boolean {
  return facts.units[name]?.activeState === 'active';
}

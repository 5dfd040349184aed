/**
 * The manual PMG 7 to 8 upgrade in the order of Proxmox's "Upgrade from 7
 * to 8" procedure: sources to bookworm, the conflicting Debian kernel
 * meta-package removed, postfix and the PMG services stopped and masked,
 * then `apt update` and `apt dist-upgrade`, clamonacc disabled, the empty
 * 15/main dropped, 13/main upgraded, the services unmasked, a reboot, and
 * PostgreSQL 13 purged. Each step is one ssh call with the non-interactive
 * environment and dpkg options pmgup uses, because `apt-get` would stop at
 * the configuration-file prompts otherwise; the answers are the same as
 * the shipped policy's (keep /etc/issue, install the maintainer's
 * sshd_config).
 */
import { aptOptionWords, NONINTERACTIVE_ENV } from '../lib/apply/commands/shell.js';
import type { TestHost } from '../tests/testhost/host.js';

/** Wall time of one step, in milliseconds. */
export interface StepTime {
  step: string;
  ms: number;
  /** When the step ended (Date.now()), when known. */
  endedAt?: number;
}

const UNITS = 'postfix pmg-smtp-filter pmgpolicy pmgdaemon pmgproxy';
const CLUSTER_UNITS = 'pmgmirror pmgtunnel';
const ENV = Object.entries(NONINTERACTIVE_ENV)
  .map(([name, value]) => `${name}=${value}`)
  .join(' ');
const APT = `env ${ENV} UCF_FORCE_CONFFOLD=1 apt-get ${aptOptionWords()}`;

const BEFORE_REBOOT: { step: string; command: string }[] = [
  { step: 'backup', command: 'pmgbackup backup' },
  {
    step: 'edit apt sources',
    command: "sed -i 's/bullseye/bookworm/g' /etc/apt/sources.list && sed -i -e 's/bullseye/bookworm/g' /etc/apt/sources.list.d/pmg.list",
  },
  { step: 'remove linux-image-amd64', command: `${APT} remove linux-image-amd64 </dev/null` },
  { step: 'stop and mask', command: `systemctl stop ${UNITS} ${CLUSTER_UNITS} && systemctl mask ${UNITS} ${CLUSTER_UNITS}` },
  { step: 'apt update', command: `${APT} update </dev/null` },
  { step: 'apt dist-upgrade', command: `${APT} dist-upgrade </dev/null` },
  {
    step: 'sshd_config: maintainer version',
    command: '[ ! -e /etc/ssh/sshd_config.ucf-dist ] || mv -f /etc/ssh/sshd_config.ucf-dist /etc/ssh/sshd_config',
  },
  { step: 'disable clamonacc', command: 'systemctl disable --now clamav-clamonacc.service' },
  { step: 'pg_dropcluster', command: 'pg_dropcluster --stop 15 main' },
  { step: 'pg_upgradecluster', command: 'pg_upgradecluster -v 15 13 main </dev/null' },
  { step: 'unmask', command: `systemctl unmask ${UNITS}` },
];

const AFTER_REBOOT: { step: string; command: string }[] = [
  { step: 'purge postgresql-13', command: `${APT} purge postgresql-13 postgresql-client-13 </dev/null` },
  { step: 'cluster daemons', command: `systemctl unmask ${CLUSTER_UNITS} && systemctl start ${CLUSTER_UNITS}` },
];

async function timedOnHost(host: TestHost, step: string, command: string): Promise<StepTime> {
  const started = Date.now();
  const result = await host.exec(command, { timeoutMs: 30 * 60_000 });
  if (result.code !== 0) {
    throw new Error(`manual step "${step}" failed with status ${result.code}: ${command}\n${result.stderr.slice(-2000)}`);
  }

  return { step, ms: Date.now() - started, endedAt: Date.now() };
}

/** Runs the manual procedure and returns each step's wall time, the reboot included. */
export async function runManual(host: TestHost): Promise<StepTime[]> {
  const steps: StepTime[] = [];
  for (const { step, command } of BEFORE_REBOOT) {
    steps.push(await timedOnHost(host, step, command));
  }

  const rebootStarted = Date.now();
  await host.reboot();
  steps.push({ step: 'reboot', ms: Date.now() - rebootStarted, endedAt: Date.now() });

  for (const { step, command } of AFTER_REBOOT) {
    steps.push(await timedOnHost(host, step, command));
  }

  return steps;
}

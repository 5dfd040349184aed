/**
 * Benchmark of `pmgup apply` against the manual upgrade procedure, both on
 * a fresh Debian 11 test host booted from the same pristine image in the
 * same run:
 *
 * - pmgup: `pmgup apply plans/pmg-8.toml --auto-approve --json`, with the
 *   wall time of each action from its events and the mail downtime from
 *   the summary (postfix seen stopped → postfix seen active again);
 * - manual: the commands of the official PMG 7 to 8 procedure, in its
 *   order, each run over one ssh call with the same non-interactive
 *   environment pmgup uses (without it apt-get would stop at prompts), the
 *   mail downtime measured from `systemctl stop` to postfix active after
 *   the reboot.
 *
 * Prints one table per round and the ratios pmgup / manual of the total
 * and of the mail downtime, per round and over all rounds. Rounds
 * alternate the order (pmgup first, then manual first), so a load change
 * on the machine or a warmer mirror cache favours neither side.
 * PMGUP_BENCH_ROUNDS sets the number of rounds (default 2). Run with
 * `npm run build && node dist/bench/apply-baseline.js`; needs root for the
 * test hosts. One round takes about 10 minutes on 2 CPUs.
 */
import { spawn } from 'node:child_process';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

import { aptOptionWords, NONINTERACTIVE_ENV } from '../lib/apply/commands/shell.js';
import type { ApplyEvent } from '../lib/apply/events.js';
import { bootHost, type TestHost } from '../tests/testhost/host.js';
import { repositoryRoot } from '../tests/testhost/paths.js';

/** Wall time of one step, in milliseconds. */
interface StepTime {
  step: string;
  ms: number;
}

interface Measurement {
  steps: StepTime[];
  totalMs: number;
  mailDowntimeMs: number;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Runs pmgup apply with JSON events and returns the wall time of each action and of the whole run. */
async function measurePmgup(host: TestHost): Promise<Measurement> {
  const args = [
    join(repositoryRoot, 'bin', 'pmgup.js'),
    'apply',
    'plans/pmg-8.toml',
    '--host',
    `root@127.0.0.1:${host.port}`,
    '--identity-file',
    host.identityFile,
    '--known-hosts',
    host.knownHostsFile,
    '--auto-approve',
    '--json',
  ];
  const started = Date.now();
  const child = spawn(process.execPath, args, { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const totalMs = Date.now() - started;
  if (code !== 0) {
    throw new Error(`pmgup apply exited with ${code}:\n${stdout.slice(-4000)}\n${stderr}`);
  }

  const events = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as ApplyEvent);
  const steps = events.flatMap((event) => (event.type === 'action-end' ? [{ step: event.actionId.replace(/^[^/]*\//, ''), ms: event.durationMs }] : []));
  const summary = events.find((event) => event.type === 'summary');
  const downtime = summary?.type === 'summary' ? Object.values(summary.mailDowntimeMs)[0] : undefined;
  if (downtime === undefined) {
    throw new Error('pmgup apply reported no mail downtime');
  }

  return { steps, totalMs, mailDowntimeMs: downtime };
}

const UNITS = 'postfix pmg-smtp-filter pmgpolicy pmgdaemon pmgproxy';
const CLUSTER_UNITS = 'pmgmirror pmgtunnel';
const ENV = Object.entries(NONINTERACTIVE_ENV)
  .map(([name, value]) => `${name}=${value}`)
  .join(' ');
const APT = `env ${ENV} UCF_FORCE_CONFFOLD=1 apt-get ${aptOptionWords()}`;

/** The official procedure's commands, in its order, as an operator would type them (made non-interactive). */
const MANUAL_STEPS: { step: string; command: string }[] = [
  { step: 'backup', command: 'pmgbackup backup' },
  {
    step: 'edit-apt-sources',
    command: "sed -i 's/bullseye/bookworm/g' /etc/apt/sources.list && sed -i -e 's/bullseye/bookworm/g' /etc/apt/sources.list.d/pmg.list",
  },
  { step: 'remove-packages', command: `${APT} remove linux-image-amd64 </dev/null` },
  { step: 'apt-update', command: `${APT} update </dev/null` },
  { step: 'stop-units', command: `systemctl stop ${UNITS} ${CLUSTER_UNITS} && systemctl mask ${UNITS} ${CLUSTER_UNITS}` },
  { step: 'dist-upgrade', command: `${APT} dist-upgrade </dev/null` },
  { step: 'disable-units', command: 'systemctl disable --now clamav-clamonacc.service' },
  { step: 'drop-pg-cluster', command: 'pg_dropcluster --stop 15 main' },
  { step: 'upgrade-pg-cluster', command: 'pg_upgradecluster -v 15 13 main </dev/null' },
  { step: 'unmask-units', command: `systemctl unmask ${UNITS}` },
];

const AFTER_REBOOT: { step: string; command: string }[] = [
  { step: 'purge-packages', command: `${APT} purge postgresql-13 postgresql-client-13 </dev/null` },
  { step: 'unmask-units:cluster', command: `systemctl unmask ${CLUSTER_UNITS} && systemctl start ${CLUSTER_UNITS}` },
];

async function timedOnHost(host: TestHost, step: string, command: string): Promise<StepTime> {
  const started = Date.now();
  const result = await host.exec(command, { timeoutMs: 30 * 60_000 });
  if (result.code !== 0) {
    throw new Error(`manual step ${step} failed with ${result.code}: ${command}\n${result.stderr.slice(-2000)}`);
  }

  return { step, ms: Date.now() - started };
}

/** Waits until postfix is active after the reboot and returns when it was first seen so. */
async function postfixActiveAt(host: TestHost): Promise<number> {
  for (;;) {
    const result = await host.exec('systemctl is-active postfix.service', { timeoutMs: 10_000 });
    if (result.stdout.trim() === 'active') {
      return Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Runs the manual procedure and returns the wall time of each step and of the whole run. */
async function measureManual(host: TestHost): Promise<Measurement> {
  const started = Date.now();
  const steps: StepTime[] = [];
  let stoppedAt = 0;
  for (const { step, command } of MANUAL_STEPS) {
    if (step === 'stop-units') {
      stoppedAt = Date.now();
    }
    steps.push(await timedOnHost(host, step, command));
  }

  const rebootStarted = Date.now();
  await host.reboot();
  const activeAt = await postfixActiveAt(host);
  steps.push({ step: 'reboot', ms: Date.now() - rebootStarted });

  for (const { step, command } of AFTER_REBOOT) {
    steps.push(await timedOnHost(host, step, command));
  }

  return { steps, totalMs: Date.now() - started, mailDowntimeMs: activeAt - stoppedAt };
}

async function withFreshHost<T>(body: (host: TestHost) => Promise<T>): Promise<T> {
  const host = await bootHost();
  try {
    return await body(host);
  } finally {
    await host.down();
  }
}

function printTable(pmgup: Measurement, manual: Measurement): void {
  const names = [...new Set([...pmgup.steps.map((item) => item.step), ...manual.steps.map((item) => item.step)])];
  const timeOf = (measurement: Measurement, name: string) => {
    const found = measurement.steps.find((item) => item.step === name);

    return found === undefined ? '-' : seconds(found.ms);
  };

  console.log(`| step | pmgup | manual |`);
  console.log(`| --- | --- | --- |`);
  for (const name of names) {
    console.log(`| ${name} | ${timeOf(pmgup, name)} | ${timeOf(manual, name)} |`);
  }
  console.log(`| **whole run** | **${seconds(pmgup.totalMs)}** | **${seconds(manual.totalMs)}** |`);
  console.log(`| **mail downtime** | **${seconds(pmgup.mailDowntimeMs)}** | **${seconds(manual.mailDowntimeMs)}** |`);
  console.log('');
  console.log(`whole run, pmgup / manual:      ${(pmgup.totalMs / manual.totalMs).toFixed(2)}`);
  console.log(`mail downtime, pmgup / manual:  ${(pmgup.mailDowntimeMs / manual.mailDowntimeMs).toFixed(2)}`);
}

function roundsFromEnv(value: string | undefined): number {
  const rounds = Number(value ?? 2);
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new Error(`PMGUP_BENCH_ROUNDS is ${JSON.stringify(value)}: set a whole number of at least 1, or unset it for 2`);
  }

  return rounds;
}

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

async function main(): Promise<void> {
  const rounds = roundsFromEnv(process.env.PMGUP_BENCH_ROUNDS);
  console.log(`machine: ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node.js ${process.version}`);

  const totals = { pmgup: 0, manual: 0, pmgupDown: 0, manualDown: 0 };
  for (let round = 1; round <= rounds; round += 1) {
    const pmgupFirst = round % 2 === 1;
    console.log(`\nround ${round} (${pmgupFirst ? 'pmgup first' : 'manual first'}), load average at start: ${load()}`);
    const first = await withFreshHost(pmgupFirst ? measurePmgup : measureManual);
    const second = await withFreshHost(pmgupFirst ? measureManual : measurePmgup);
    const [pmgup, manual] = pmgupFirst ? [first, second] : [second, first];
    console.log(`load average at end: ${load()}\n`);
    printTable(pmgup, manual);
    totals.pmgup += pmgup.totalMs;
    totals.manual += manual.totalMs;
    totals.pmgupDown += pmgup.mailDowntimeMs;
    totals.manualDown += manual.mailDowntimeMs;
  }

  console.log(`\nall ${rounds} rounds, whole run, pmgup / manual:      ${(totals.pmgup / totals.manual).toFixed(2)}`);
  console.log(`all ${rounds} rounds, mail downtime, pmgup / manual:  ${(totals.pmgupDown / totals.manualDown).toFixed(2)}`);
}

await main();

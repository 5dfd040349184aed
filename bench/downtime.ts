/**
 * Benchmark of the mail downtime of `pmgup apply` against the manual
 * procedure (bench/downtime-manual.ts), each on a fresh Debian 11 test host
 * booted from the same pristine image, in one run. Mail downtime is
 * measured the same way for both: port 25 of the guest polled every 250 ms
 * from this machine (bench/downtime-poll.ts), summing every stretch in
 * which postfix did not accept a connection, the reboot's included. Total
 * time runs from the start of each side to port 25 accepting again at the
 * end (pmgup's includes its probe and simulation).
 *
 * Before either side runs, one throwaway host downloads every package of
 * the upgrade through the harness proxy, so both sides fetch the packages
 * from a warm proxy cache and neither pays for the first download.
 *
 * Run with `npm run bench:downtime` as root, on the container backend (the
 * bench connects to the guest's own address). PMGUP_BENCH_ORDER picks the
 * order: `pmgup,manual` (default) or `manual,pmgup`. The last line is
 * `downtime ratio: R`, pmgup's downtime over the manual procedure's.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { ApplyEvent } from '../lib/apply/events.js';
import { bootHost, type TestHost } from '../tests/testhost/host.js';
import { repositoryRoot } from '../tests/testhost/paths.js';
import { runManual, type StepTime } from './downtime-manual.js';
import { accepts, MailPoller, totalOutageMs, type Outage } from './downtime-poll.js';

type Side = 'pmgup' | 'manual';

interface SideResult {
  side: Side;
  steps: StepTime[];
  /** When the side started, for the outages' offsets. */
  startedAt: number;
  totalMs: number;
  outages: Outage[];
  /** The downtime pmgup itself reported, for comparison; null for the manual side. */
  reportedMs: number | null;
}

const NAME = `downtime-${process.pid}`;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function orderFromEnv(value: string | undefined): Side[] {
  if (value === undefined || value === 'pmgup,manual') {
    return ['pmgup', 'manual'];
  }
  if (value === 'manual,pmgup') {
    return ['manual', 'pmgup'];
  }

  throw new Error(`PMGUP_BENCH_ORDER is ${JSON.stringify(value)}: set pmgup,manual or manual,pmgup, or unset it`);
}

async function withHost<T>(suffix: string, body: (host: TestHost) => Promise<T>): Promise<T> {
  const host = await bootHost({ name: `${NAME}-${suffix}` });
  if (host.backend !== 'container') {
    await host.down();
    throw new Error(`The downtime bench needs the container backend, because it connects to the guest address; got ${host.backend}`);
  }
  try {
    return await body(host);
  } finally {
    await host.down();
  }
}

/** Waits until port 25 of the guest accepts connections; throws after `limitMs`. */
async function mailUp(host: TestHost, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await accepts(host.guestAddress, 25))) {
    if (Date.now() > deadline) {
      throw new Error(`port 25 of ${host.name} (${host.guestAddress}) did not accept connections within ${limitMs / 1000} s`);
    }
    await sleep(250);
  }
}

/** Downloads every package of the upgrade through the harness proxy, which keeps the .deb files. */
async function warmProxyCache(): Promise<void> {
  await withHost('warm', async (host) => {
    const script = [
      "sed -i 's/bullseye/bookworm/g' /etc/apt/sources.list /etc/apt/sources.list.d/pmg.list",
      'DEBIAN_FRONTEND=noninteractive apt-get -q update',
      'DEBIAN_FRONTEND=noninteractive apt-get -q -y --download-only dist-upgrade linux-image-amd64-',
    ].join(' && ');
    const result = await host.exec(script, { timeoutMs: 30 * 60_000 });
    if (result.code !== 0) {
      throw new Error(`warming the proxy cache failed with status ${result.code}:\n${result.stderr.slice(-2000)}`);
    }
  });
}

/** Runs pmgup apply and returns its step times and the downtime it reported. */
async function runPmgup(host: TestHost): Promise<{ steps: StepTime[]; reportedMs: number | null }> {
  const args = ['apply', 'plans/pmg-8.toml', '--host', `root@127.0.0.1:${host.port}`, '--identity-file', host.identityFile];
  args.push('--known-hosts', host.knownHostsFile, '--auto-approve', '--json');
  const child = spawn(process.execPath, [join(repositoryRoot, 'bin', 'pmgup.js'), ...args], { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) {
    throw new Error(`pmgup apply exited with ${code}:\n${stdout.slice(-4000)}\n${stderr.slice(-2000)}`);
  }

  const events = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as ApplyEvent);
  const steps = events.flatMap((event) => {
    if (event.type !== 'action-end') {
      return [];
    }
    return [{ step: event.actionId.replace(/^[^/]*\//, ''), ms: event.durationMs, endedAt: Date.parse(event.time) }];
  });
  const summary = events.find((event) => event.type === 'summary');
  const reported = summary?.type === 'summary' ? Object.values(summary.mailDowntimeMs)[0] : undefined;

  return { steps, reportedMs: reported ?? null };
}

async function measure(side: Side): Promise<SideResult> {
  return withHost(side, async (host) => {
    await mailUp(host, 60_000);
    const poller = new MailPoller(host.guestAddress);
    const started = Date.now();
    const run = side === 'pmgup' ? await runPmgup(host) : { steps: await runManual(host), reportedMs: null };
    await mailUp(host, 5 * 60_000);
    const totalMs = Date.now() - started;
    const outages = await poller.stop();

    return { side, steps: run.steps, startedAt: started, totalMs, outages, reportedMs: run.reportedMs };
  });
}

function printSide(result: SideResult): void {
  console.log(`\n${result.side}: steps`);
  for (const step of result.steps) {
    const ended = step.endedAt === undefined ? '' : `  (ended at +${seconds(step.endedAt - result.startedAt)})`;
    console.log(`  ${step.step.padEnd(46)}${seconds(step.ms).padStart(8)}${ended}`);
  }
  const offset = (ms: number) => `+${seconds(ms - result.startedAt)}`;
  const outages = result.outages
    .map((outage) => `${seconds(outage.endMs - outage.startMs)} (${offset(outage.startMs)} to ${offset(outage.endMs)})`)
    .join(' + ');
  console.log(`  mail downtime: ${seconds(totalOutageMs(result.outages))} in ${result.outages.length} outage(s): ${outages || 'none'}`);
  if (result.reportedMs !== null) {
    console.log(`  downtime pmgup reported (postfix stop to active, reboot not included): ${seconds(result.reportedMs)}`);
  }
  console.log(`  total: ${seconds(result.totalMs)}`);
}

async function main(): Promise<void> {
  const order = orderFromEnv(process.env.PMGUP_BENCH_ORDER);
  console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node.js ${process.version}`);
  console.log(`load average at start: ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  console.log('warming the harness proxy cache with the upgrade packages...');
  await warmProxyCache();

  const results = new Map<Side, SideResult>();
  for (const side of order) {
    console.log(`running ${side} (load average ${loadavg()[0]!.toFixed(2)})...`);
    results.set(side, await measure(side));
  }
  const pmgup = results.get('pmgup')!;
  const manual = results.get('manual')!;
  printSide(manual);
  printSide(pmgup);

  const ratio = totalOutageMs(pmgup.outages) / totalOutageMs(manual.outages);
  console.log(`\nload average at end: ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  console.log(`total ratio: ${(pmgup.totalMs / manual.totalMs).toFixed(2)}`);
  console.log(`downtime ratio: ${ratio.toFixed(2)}`);
}

await main();

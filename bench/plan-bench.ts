/**
 * Benchmark of `pmgup plan` against the Debian 11 test host, every figure
 * a ratio to a baseline measured in the same run on the same machine:
 *
 * - wall time of `pmgup plan` (the CLI as a child process) against
 *   `ssh … true` with the same ssh options but no shared connection;
 * - SSH connections per plan, counted in the guest's sshd log, and the
 *   remote commands per plan, counted in the transport's debug log;
 * - CLI start-up: `pmgup --version` against `node -e 0`;
 * - the plan core: planHost on recorded facts against JSON.parse of the
 *   same facts file.
 *
 * Run with `npm run bench:plan`. PMGUP_BENCH_RUNS sets the number of runs
 * per process measurement (default 15). Needs root for the test host.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

import { validateDesiredState } from '../lib/config/load.js';
import { planHost } from '../lib/plan/index.js';
import type { HostFacts } from '../lib/probe/facts.js';
import { buildSshOptions } from '../lib/transport/ssh-args.js';
import { bootHost, type TestHost } from '../tests/testhost/host.js';
import { repositoryRoot } from '../tests/testhost/paths.js';
import { median, row, runToEnd, runsFromEnv } from './output.js';

const RUNS = runsFromEnv(process.env.PMGUP_BENCH_RUNS, 15);
const PMGUP = join(repositoryRoot, 'bin', 'pmgup.js');
const FACTS_FILE = join(repositoryRoot, 'examples', 'pmg7-plain.facts.json');



/** Runs a command to its end and returns the wall time in milliseconds; throws on a non-zero exit. */
async function timed(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return (await runToEnd(file, args, { cwd: repositoryRoot, env })).ms;
}


/** Measures two commands alternately, so drift on the machine affects both alike, and returns the medians. */
async function alternate(first: () => Promise<number>, second: () => Promise<number>): Promise<[number, number]> {
  await first();
  await second();
  const a: number[] = [];
  const b: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    a.push(await first());
    b.push(await second());
  }

  return [median(a), median(b)];
}

/** Runs of the plan with the upgrade simulation, which downloads the new release's lists each time. */
const SIMULATED_RUNS = 3;

/** Returns the command line of one plan: the probe alone, or with the upgrade simulation (the default of `pmgup plan`). */
function planArgs(host: TestHost, simulate = false): string[] {
  const target = ['--host', `root@127.0.0.1:${host.port}`, '--identity-file', host.identityFile, '--known-hosts', host.knownHostsFile];

  return [PMGUP, 'plan', 'plans/pmg-8.toml', ...target, ...(simulate ? [] : ['--no-simulate'])];
}

/**
 * Returns pmgup's own ssh options for the host without the shared
 * connection, so the baseline pays for exactly one connection.
 */
function baselineSshArgs(host: TestHost): string[] {
  const options = buildSshOptions(
    { user: 'root', host: '127.0.0.1', port: host.port },
    { identityFile: host.identityFile, knownHostsFile: host.knownHostsFile },
    '/nonexistent/%C',
  );
  const kept: string[] = [];
  for (let index = 0; index < options.length; index += 1) {
    if (options[index] === '-o' && /^Control(Master|Path|Persist)=/.test(options[index + 1]!)) {
      index += 1;
      continue;
    }
    kept.push(options[index]!);
  }

  return ['-o', 'ControlMaster=no', ...kept, '--', '127.0.0.1', 'true'];
}

const ACCEPTED = "journalctl -q _COMM=sshd -o cat | grep -c '^Accepted publickey for root'";

async function acceptedConnections(host: TestHost): Promise<number> {
  const result = await host.exec(ACCEPTED, { check: true });

  return Number(result.stdout.trim());
}

/** Returns the sshd connections per plan over `runs` plans; each count's own connection is taken off. */
async function connectionsPerPlan(host: TestHost, runs: number): Promise<number> {
  const before = await acceptedConnections(host);
  for (let run = 0; run < runs; run += 1) {
    await timed(process.execPath, planArgs(host));
  }
  const after = await acceptedConnections(host);

  return (after - before - 1) / runs;
}

/** Remote commands of one plan and their summed duration, from the transport's debug log. */
interface RemoteCommands {
  count: number;
  totalMs: number;
}

async function remoteCommandsOfPlan(host: TestHost): Promise<RemoteCommands> {
  const dir = await mkdtemp(join(tmpdir(), 'pmgup-bench-'));
  try {
    const logPath = join(dir, 'debug.log');
    await timed(process.execPath, planArgs(host), { ...process.env, PMGUP_LOG: 'debug', PMGUP_LOG_PATH: logPath });
    const log = await readFile(logPath, 'utf8');
    const durations = [...log.matchAll(/\[transport\] cmd-\d+ end on .* after (\d+) ms/g)].map((match) => Number(match[1]));

    return {
      count: [...log.matchAll(/\[transport\] cmd-\d+ start on /g)].length,
      totalMs: durations.reduce((sum, value) => sum + value, 0),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Returns operations per second of `operation`, the median of five samples of about `sampleMs` each. */
function opsPerSecond(operation: () => unknown, sampleMs = 1000): number {
  for (let warm = 0; warm < 20; warm += 1) {
    operation();
  }
  const samples: number[] = [];
  for (let sample = 0; sample < 5; sample += 1) {
    let count = 0;
    const started = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < sampleMs) {
      operation();
      count += 1;
      elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    }
    samples.push((count * 1000) / elapsed);
  }

  return median(samples);
}

async function planCore(): Promise<{ plan: number; parse: number }> {
  const text = await readFile(FACTS_FILE, 'utf8');
  const facts = JSON.parse(text) as HostFacts;
  const desired = validateDesiredState({}, 'bench.toml');
  const now = new Date(Date.parse(facts.probedAt) + 3_600_000);

  return {
    plan: opsPerSecond(() => planHost({ name: 'bench', desired, facts, now })),
    parse: opsPerSecond(() => JSON.parse(text)),
  };
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';

  const load = loadavg().map((value) => value.toFixed(2)).join(' ');

  return `${availableParallelism()} CPUs (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node.js ${process.version}, load ${load}`;
}

const format = (ms: number) => `${ms.toFixed(1)} ms`;

async function overSsh(host: TestHost): Promise<void> {
  const [plan, ssh] = await alternate(
    () => timed(process.execPath, planArgs(host)),
    () => timed('ssh', baselineSshArgs(host)),
  );
  row(`pmgup plan, median of ${RUNS}`, format(plan));
  row(`ssh ... true, median of ${RUNS}`, format(ssh));
  row('ratio plan / ssh', (plan / ssh).toFixed(2));
  row('sshd connections per plan (5 plans)', (await connectionsPerPlan(host, 5)).toFixed(2));
  const remote = await remoteCommandsOfPlan(host);
  row('remote commands per plan (debug log)', String(remote.count));
  row('their time in one plan (debug log)', `${format(remote.totalMs)}, ${(remote.totalMs / ssh).toFixed(2)} x ssh true`);

  const simulated: number[] = [];
  for (let run = 0; run < SIMULATED_RUNS; run += 1) {
    simulated.push(await timed(process.execPath, planArgs(host, true)));
  }
  row(`pmgup plan with the simulation, median of ${SIMULATED_RUNS}`, format(median(simulated)));
  row('ratio simulated plan / plan', (median(simulated) / plan).toFixed(2));
}

async function startup(): Promise<void> {
  const [version, bare] = await alternate(
    () => timed(process.execPath, [PMGUP, '--version']),
    () => timed(process.execPath, ['-e', '0']),
  );
  row(`pmgup --version, median of ${RUNS}`, format(version));
  row(`node -e 0, median of ${RUNS}`, format(bare));
  row('ratio version / node', (version / bare).toFixed(2));
}

async function main(): Promise<void> {
  row('machine', machine());
  const host = await bootHost({ name: `bench-plan-${randomBytes(3).toString('hex')}` });
  try {
    await overSsh(host);
  } finally {
    await host.down();
  }

  await startup();
  const core = await planCore();
  row(`planHost, ${FACTS_FILE.slice(repositoryRoot.length + 1)}`, `${core.plan.toFixed(0)} ops/s`);
  row('JSON.parse of the same file', `${core.parse.toFixed(0)} ops/s`);
  row('ratio parse / planHost', (core.parse / core.plan).toFixed(1));
}

await main();

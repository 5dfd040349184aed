/**
 * Benchmark of pmgup's local start-up cost: `pmgup plan` on recorded facts
 * (loading the desired state, the facts and the plan schema, planning,
 * rendering) against `pmgup version` (Node.js and the CLI entry point
 * alone), as a ratio measured in the same run.
 *
 * Run with `npm run bench:startup -- [CHECKOUT...]`. Each CHECKOUT is
 * another built pmgup checkout, such as an older commit, measured in the same
 * run with its runs interleaved with this checkout's, so that changes in
 * the machine's load affect every checkout alike. PMGUP_BENCH_RUNS sets the
 * number of runs per command and checkout (default 21). Needs no root and
 * no test host.
 */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

import { repositoryRoot } from '../tests/testhost/paths.js';
import { median, row, runToEnd, runsFromEnv } from './output.js';

const RUNS = runsFromEnv(process.env.PMGUP_BENCH_RUNS, 21);

const PLAN = ['plan', '--facts', 'examples/pmg7-plain.facts.json'];
const VERSION = ['version'];

/** Code that each pmgup process preloads, which prints its resident set size, current and peak, to stderr at exit. */
const MEMORY_REPORT =
  "process.on('exit', () => process.stderr.write(" +
  "`\\nbench-rss ${process.memoryUsage().rss} ${process.resourceUsage().maxRSS * 1024}\\n`))";

/** One pmgup process: wall time in milliseconds and resident set size in bytes at exit and at peak. */
interface Run {
  ms: number;
  rss: number;
  maxRss: number;
}

/** Runs `node bin/pmgup.js ARGS` in `checkout` to its end. Throws unless it exits with 0 and reports its memory. */
async function runPmgup(checkout: string, args: string[]): Promise<Run> {
  const preload = `data:text/javascript,${encodeURIComponent(MEMORY_REPORT)}`;
  const argv = ['--import', preload, join(checkout, 'bin', 'pmgup.js'), ...args];
  const { ms, stderr } = await runToEnd(process.execPath, argv, { cwd: checkout });
  const memory = /bench-rss (\d+) (\d+)/.exec(stderr);
  if (memory === null) {
    throw new Error(`pmgup ${args.join(' ')} in ${checkout} printed no memory report:\n${stderr}`);
  }

  return { ms, rss: Number(memory[1]), maxRss: Number(memory[2]) };
}

/** Runs of one checkout, by command. */
interface CheckoutRuns {
  checkout: string;
  plan: Run[];
  version: Run[];
}

/** Measures every checkout RUNS times per command, alternating checkouts and commands, after one warm-up round. */
async function measure(checkouts: string[]): Promise<CheckoutRuns[]> {
  const results = checkouts.map((checkout) => ({ checkout, plan: [] as Run[], version: [] as Run[] }));
  for (let round = -1; round < RUNS; round += 1) {
    for (const result of results) {
      const plan = await runPmgup(result.checkout, PLAN);
      const version = await runPmgup(result.checkout, VERSION);
      if (round >= 0) {
        result.plan.push(plan);
        result.version.push(version);
      }
    }
  }

  return results;
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';

  return `${availableParallelism()} CPUs (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node.js ${process.version}`;
}

const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');
const milliseconds = (runs: Run[]) => median(runs.map((run) => run.ms));
const mebibytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function report({ checkout, plan, version }: CheckoutRuns): void {
  console.log(`\n${checkout}`);
  row('plan, median', `${milliseconds(plan).toFixed(1)} ms`);
  row('version, median', `${milliseconds(version).toFixed(1)} ms`);
  row('ratio plan / version', (milliseconds(plan) / milliseconds(version)).toFixed(2));
  row('plan rss at exit, median', mebibytes(median(plan.map((run) => run.rss))));
  row('plan peak rss, median', mebibytes(median(plan.map((run) => run.maxRss))));
  row('version rss at exit, median', mebibytes(median(version.map((run) => run.rss))));
}

async function main(): Promise<void> {
  const checkouts = [repositoryRoot, ...process.argv.slice(2).map((path) => resolve(path))];
  row('machine', machine());
  row('load average at the start', load());
  row('plan', `node bin/pmgup.js ${PLAN.join(' ')}`);
  row('version', `node bin/pmgup.js ${VERSION.join(' ')}`);
  row('runs per command and checkout', String(RUNS));

  const results = await measure(checkouts);
  row('load average at the end', load());
  results.forEach(report);
}

await main();

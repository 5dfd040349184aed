/**
 * Benchmark of `pmgup plan` over many hosts: the wall time of one plan of
 * 1, 5 and 20 hosts, each against the plan of one host measured in the same
 * run. The hosts are OpenSSH servers on 127.0.0.1 that replay a recorded
 * probe (see fleet-hosts.ts), so the figures show what pmgup itself adds
 * per host: connections, parsing, planning and rendering, with probing in
 * parallel at the default bound. The runs alternate between the sizes, so
 * drift on the machine affects every size alike.
 *
 * For comparison it also times plain `ssh` connections to the same hosts,
 * one per host at once, which is what the connections alone cost here.
 *
 * Run with `npm run bench:fleet`. PMGUP_BENCH_RUNS sets the runs per size
 * (default 7). The last line is `fleet ratio 20/1: N.NN`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

import { repositoryRoot } from '../tests/testhost/paths.js';
import { startFakeFleet, type FakeFleet } from './fleet-hosts.js';
import { median, row, runToEnd, runsFromEnv } from './output.js';

const SIZES = [1, 5, 20] as const;
const RUNS = runsFromEnv(process.env.PMGUP_BENCH_RUNS, 7);
const PMGUP = join(repositoryRoot, 'bin', 'pmgup.js');



/** Runs pmgup to its end and returns the wall time in milliseconds; throws on a non-zero exit. */
async function timedPlan(args: string[]): Promise<number> {
  const env = { ...process.env, PMGUP_LOG: '' };

  return (await runToEnd(process.execPath, [PMGUP, ...args], { cwd: repositoryRoot, env })).ms;
}


/** Writes an inventory of the first `size` fake hosts and returns its path. */
async function inventoryOf(fleet: FakeFleet, size: number, dir: string): Promise<string> {
  const path = join(dir, `inventory-${size}.toml`);
  const hosts = fleet.ports.slice(0, size).map((port) => `[[host]]\naddress = "root@127.0.0.1:${port}"\n`);
  await writeFile(path, hosts.join('\n'));

  return path;
}

/** Returns the plan's options, with --no-simulate where pmgup has it, because the replay serves only the probe. */
async function planArgs(fleet: FakeFleet, inventory: string): Promise<string[]> {
  const args = ['plan', 'plans/pmg-8.toml', '--inventory', inventory, '--identity-file', fleet.identityFile, '--known-hosts', fleet.knownHostsFile];
  const help = await new Promise<string>((resolve) => {
    const child = spawn(process.execPath, [PMGUP, 'help'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('close', () => resolve(text));
  });

  return help.includes('--no-simulate') ? [...args, '--no-simulate'] : args;
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const load = loadavg().map((value) => value.toFixed(2)).join(' ');

  return `${availableParallelism()} CPUs (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node.js ${process.version}, load ${load}`;
}

/**
 * Runs one plain `ssh` per host at once, each replaying the probe, and
 * returns the wall time: what the connections alone cost on this machine,
 * where the servers share the CPU with the client.
 */
async function timedSshOnly(fleet: FakeFleet, size: number): Promise<number> {
  const started = process.hrtime.bigint();
  const command = "sh -c 'set -- 0123456789abcdef0123456789abcdef 0'; printf 'pmgup-exit-status-0000000000000000=%s' 0";
  await Promise.all(
    fleet.ports.slice(0, size).map(
      (port) =>
        new Promise<void>((resolve, reject) => {
          const options = ['-F', 'none', '-i', fleet.identityFile, '-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${fleet.knownHostsFile}`, '-o', 'BatchMode=yes'];
          const child = spawn('ssh', [...options, '-p', String(port), 'root@127.0.0.1', command], { stdio: 'ignore' });
          child.once('error', reject);
          child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ssh to 127.0.0.1:${port} exited with ${code}`))));
        }),
    ),
  );

  return Number(process.hrtime.bigint() - started) / 1e6;
}

interface Medians {
  plan: Map<number, number>;
  ssh: Map<number, number>;
}

async function measure(fleet: FakeFleet, dir: string): Promise<Medians> {
  const args = new Map<number, string[]>();
  for (const size of SIZES) {
    args.set(size, await planArgs(fleet, await inventoryOf(fleet, size, dir)));
  }

  const plans = new Map<number, number[]>(SIZES.map((size) => [size, []]));
  const sshes = new Map<number, number[]>(SIZES.map((size) => [size, []]));
  for (const size of SIZES) {
    await timedPlan(args.get(size)!);
    await timedSshOnly(fleet, size);
  }
  for (let run = 0; run < RUNS; run += 1) {
    for (const size of SIZES) {
      plans.get(size)!.push(await timedPlan(args.get(size)!));
      sshes.get(size)!.push(await timedSshOnly(fleet, size));
    }
  }

  return {
    plan: new Map(SIZES.map((size) => [size, median(plans.get(size)!)])),
    ssh: new Map(SIZES.map((size) => [size, median(sshes.get(size)!)])),
  };
}

async function main(): Promise<void> {
  row('machine', machine());
  const dir = await mkdtemp(join(tmpdir(), 'pmgup-bench-fleet-'));
  const fleet = await startFakeFleet(Math.max(...SIZES), dir);
  try {
    const { plan, ssh } = await measure(fleet, dir);
    for (const size of SIZES) {
      row(`ssh to ${size} host(s) at once, median of ${RUNS}`, `${ssh.get(size)!.toFixed(1)} ms, ${(ssh.get(size)! / ssh.get(1)!).toFixed(2)} x 1 host`);
    }
    for (const size of SIZES) {
      row(`pmgup plan of ${size} host(s), median of ${RUNS}`, `${plan.get(size)!.toFixed(1)} ms, ${(plan.get(size)! / plan.get(1)!).toFixed(2)} x 1 host`);
    }
    console.log(`fleet ratio 20/1: ${(plan.get(20)! / plan.get(1)!).toFixed(2)}`);
  } finally {
    await fleet.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

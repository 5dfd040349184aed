/** Result output, run counts, medians and child processes that the benchmarks share. */
import { spawn, type SpawnOptions } from 'node:child_process';

/** A child process that ran to its end: wall time in milliseconds and what it wrote to stderr. */
export interface Finished {
  ms: number;
  stderr: string;
}

/**
 * Runs a command to its end with its stdout ignored. Throws with the
 * command line, the exit status and stderr unless it exits with 0.
 */
export function runToEnd(file: string, args: string[], options: SpawnOptions = {}): Promise<Finished> {
  const started = process.hrtime.bigint();
  const child = spawn(file, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) {
        reject(new Error(`${file} ${args.join(' ')} exited with ${code}:\n${stderr}`));
        return;
      }
      resolve({ ms, stderr });
    });
  });
}

/** Returns the runs per measurement from PMGUP_BENCH_RUNS, or `fallback` when it is unset. */
export function runsFromEnv(value: string | undefined, fallback: number): number {
  const runs = Number(value ?? fallback);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`PMGUP_BENCH_RUNS is ${JSON.stringify(value)}: set a whole number of runs of at least 1, or unset it for ${fallback}`);
  }

  return runs;
}

/** Prints one result line with the label padded to a column. */
export function row(label: string, value: string): void {
  console.log(`${`${label}:`.padEnd(44)}${value}`);
}

/** Returns the median of `values`, the mean of the middle two for an even count. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);

  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

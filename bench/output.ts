/** Result output, run counts and medians that the plan and fleet benchmarks share. */

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

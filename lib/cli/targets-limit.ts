/**
 * Bounded parallelism for probing many hosts: at most `limit` calls of
 * `work` run at once, and the results keep the order of the items.
 */

/** Maps `items` through `work` with at most `limit` calls in flight; rejects with the first rejection. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]!, index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, () => worker());
  await Promise.all(workers);

  return results;
}

/**
 * Concurrency helpers for many hosts. mapBounded runs at most `limit` calls
 * of `work` at once (probing), and settleInOrder waits for work that all
 * runs at once (reading ssh settings). Both keep the order of the items.
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

/**
 * Waits for every promise and returns the values in order, or rejects with
 * the first rejection in list order, not in time order, so that the error
 * shown does not depend on which host's work ended first.
 */
export async function settleInOrder<T>(pending: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(pending);
  const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed !== undefined) {
    throw failed.reason;
  }

  return settled.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}

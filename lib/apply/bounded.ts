/**
 * Bounded parallelism for opening hosts: at most `limit` calls of `work`
 * run at once, and the outcomes keep the order of the items, like
 * Promise.allSettled. After the first rejection no new call starts; the
 * items never started have no outcome.
 */
export async function settleBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const outcomes: (PromiseSettledResult<R> | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  let rejected = false;

  const worker = async (): Promise<void> => {
    while (next < items.length && !rejected) {
      const index = next;
      next += 1;
      try {
        outcomes[index] = { status: 'fulfilled', value: await work(items[index]!) };
      } catch (reason) {
        rejected = true;
        outcomes[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, () => worker()));

  return outcomes.filter((outcome) => outcome !== undefined);
}

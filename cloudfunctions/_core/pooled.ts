/**
 * Runs `work` over `items` with at most `limit` at once, keeping the results in order: how the timer jobs ask a
 * channel about many rows without waiting for each answer in turn, nor sending them all at once. The first failure
 * fails the whole call, and no worker starts another item after it (the caller has stopped listening by then).
 */
export async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  await Promise.all(
    Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
      while (!failed && next < items.length) {
        const i = next++;
        try {
          results[i] = await work(items[i]);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    }),
  );
  return results;
}

/**
 * Runs `work` over `items` with at most `limit` at once, keeping the results in order: how the timer jobs ask a
 * channel about many rows without waiting for each answer in turn, nor sending them all at once.
 */
export async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]);
      }
    }),
  );
  return results;
}

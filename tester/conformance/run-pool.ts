// Runs work side by side with a bound on how much is in flight (the matrix's cells, the multi-turn conversations).

/** Runs `work` over `items` with at most `limit` in flight; resolves when all are done. */
export async function runPool<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

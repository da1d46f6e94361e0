/**
 * Runs `work` over the items as they come, at most `concurrency` at once. Items are taken one at a
 * time as a worker frees up, so a lazy source (a listing read page by page) is read no faster
 * than the work goes. Nothing new starts once `signal` aborts, or once `work` or the source throws:
 * those in flight finish first, then the first error is thrown.
 */
export async function forEachConcurrently<T>(
  items: Iterable<T> | AsyncIterable<T>,
  concurrency: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const iterator = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
  const stopped = () => failure !== undefined || signal?.aborted === true;
  const worker = async (): Promise<void> => {
    while (!stopped()) {
      try {
        const next = await iterator.next();
        // Taken while another worker failed or the run was interrupted: not started.
        if (next.done || stopped()) return;
        await work(next.value);
      } catch (error) {
        failure ??= { error };
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failure) throw failure.error;
}

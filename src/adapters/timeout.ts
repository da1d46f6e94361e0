/** How long cancelled work is given to fail with its own, more telling error (where a request was stuck). */
const CANCELLED_GRACE_MS = 100;

/**
 * Settles with the work, or rejects with `onTimeout()` once `ms` have passed, whichever is first.
 * Given as a function, the work is started with a signal that aborts (with that same error) when
 * time runs out, so that whatever it started (a request, a body being read) is cancelled, not
 * left running; its own failure, if it comes within a moment, is the one reported.
 */
export function withTimeout<T>(work: Promise<T> | ((signal: AbortSignal) => Promise<T>), ms: number, onTimeout: () => Error): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = onTimeout();
      controller.abort(error);
      if (typeof work === 'function') timer = setTimeout(() => reject(error), CANCELLED_GRACE_MS);
      else reject(error);
    }, Math.max(0, ms));
  });
  const running = typeof work === 'function' ? work(controller.signal) : work;
  return Promise.race([running, timeout]).finally(() => clearTimeout(timer));
}

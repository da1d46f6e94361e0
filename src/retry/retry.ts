import { DeadlineExceededError, messageOf, ThrottledError } from '../errors';
import { fateOf } from '../failure/fate';
import type { Clock } from '../ports';
import type { Deadline } from './deadline';

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** No attempt is started with less time than this left: it could not finish anyway. */
  minAttemptMs: number;
}

/** Spread added to a stated wait: enough to part processes told the same wait, not more. */
const STATED_WAIT_JITTER_MS = 25;

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 100, maxDelayMs: 5_000, minAttemptMs: 250 };

export interface RetryContext {
  clock: Clock;
  deadline: Deadline;
  random: () => number;
  policy: BackoffPolicy;
  /** Told about each failed attempt that will be retried. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /**
   * Asked before each retry with the delay backoff chose: answers the delay to use, or throws to
   * give the operation up. A chunked delivery uses it to give way on a busy partition, and to
   * step aside once it cannot finish before its deadline.
   */
  beforeRetry?: (error: unknown, delayMs: number) => number;
}

/** What the caller of a retried operation reads in the error: the action and the last failure. */
function gaveUp(what: string, attempts: number, error: unknown): DeadlineExceededError {
  const last = messageOf(error);
  return new DeadlineExceededError(
    `${what} did not succeed before the function's deadline (${attempts} attempt${attempts === 1 ? '' : 's'}); last failure: ${last}`,
    { cause: error },
  );
}

/**
 * A throttle that states when the partition has room again is retried then, not sooner (sooner is
 * sure to be throttled again, and costs a full request), with a little jitter so processes told
 * the same wait do not come back together. Anything else: exponential backoff with full jitter.
 */
function backoffMs(error: unknown, attemptNumber: number, { policy, random }: RetryContext): number {
  if (error instanceof ThrottledError && error.retryAfterMs !== undefined) {
    return error.retryAfterMs + Math.floor(random() * STATED_WAIT_JITTER_MS);
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attemptNumber - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Runs `attempt` until it succeeds, its failure is not retryable, or the deadline leaves no room.
 * Backoff is exponential with full jitter, or the wait a throttle states; each attempt gets the time left as its timeout.
 */
export async function withRetries<T>(
  what: string,
  attempt: (timeoutMs: number, attemptNumber: number) => Promise<T>,
  context: RetryContext,
): Promise<T> {
  const { clock, deadline, policy } = context;
  for (let attemptNumber = 1; ; attemptNumber++) {
    const timeoutMs = deadline.remainingMs();
    if (timeoutMs < policy.minAttemptMs) {
      throw new DeadlineExceededError(`${what} could not start: the function's deadline is too close.`);
    }
    try {
      return await attempt(timeoutMs, attemptNumber);
    } catch (error) {
      if (fateOf(error) !== 'retry') throw error;
      const backoff = backoffMs(error, attemptNumber, context);
      const delayMs = context.beforeRetry ? context.beforeRetry(error, backoff) : backoff;
      if (deadline.remainingMs() - delayMs < policy.minAttemptMs) throw gaveUp(what, attemptNumber, error);
      context.onRetry?.(error, attemptNumber, delayMs);
      await clock.sleep(delayMs);
    }
  }
}

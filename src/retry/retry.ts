import { DeadlineExceededError, messageOf } from '../errors';
import { fateOf } from '../failure/fate';
import type { Clock } from '../ports';
import type { Deadline } from './deadline';

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** No attempt is started with less time than this left: it could not finish anyway. */
  minAttemptMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 100, maxDelayMs: 5_000, minAttemptMs: 250 };

export interface RetryContext {
  clock: Clock;
  deadline: Deadline;
  random: () => number;
  policy: BackoffPolicy;
  /** Told about each failed attempt that will be retried. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
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
 * Runs `attempt` until it succeeds, its failure is not retryable, or the deadline leaves no room.
 * Backoff is exponential with full jitter; each attempt gets the time left as its timeout.
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
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attemptNumber - 1));
      const delayMs = Math.floor(context.random() * ceiling);
      if (deadline.remainingMs() - delayMs < policy.minAttemptMs) throw gaveUp(what, attemptNumber, error);
      context.onRetry?.(error, attemptNumber, delayMs);
      await clock.sleep(delayMs);
    }
  }
}

import {
  AuthenticationSetupError,
  ConfigurationError,
  DeadlineExceededError,
  FnStreamingError,
  PermanentRemoteError,
  ReplaySetupError,
  ObjectChangedError,
  ObjectGoneError,
  TransientRemoteError,
  UnexpectedError,
  UnusableEndpointError,
} from '../errors';

/** What becomes of a failure: tried again, answered as `skipped`, or answered as an error. */
export type Fate = 'retry' | 'skip' | 'fail';

/** The single place that decides each failure's fate. */
export function fateOf(error: unknown): Fate {
  if (error instanceof TransientRemoteError) return 'retry';
  if (error instanceof ObjectGoneError || error instanceof ObjectChangedError) return 'skip';
  return 'fail';
}

const DENIED_STATUSES = new Set([401, 403, 404]);

/**
 * A failure that no other event would escape either: missing credentials, bad configuration, an
 * endpoint whose name does not resolve or whose certificate is refused, a request refused as
 * unauthenticated or unauthorized. A replay stops at the first one instead of meeting it once per object.
 */
export function failsEveryEvent(error: unknown): boolean {
  if (error instanceof ConfigurationError || error instanceof AuthenticationSetupError || error instanceof ReplaySetupError) return true;
  if (error instanceof UnusableEndpointError) return true;
  return error instanceof PermanentRemoteError && DENIED_STATUSES.has(error.details.status ?? 0);
}

/** What to do about throttling, service errors and slow or lost connections that outlast retries. */
const PASSING_FAILURE_ADVICE =
  "Such failures (throttling, service errors, slow or lost connections) usually pass: invoke again with the same event, which is safe; if they persist, check the service's health and limits, or raise the function's timeout.";

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * The error the caller sees. Our own errors were written for the caller; anything else is a bug
 * whose message may hold paths or internals, so the caller gets a pointer to the log instead.
 */
export function toCallerError(error: unknown, callId: string): FnStreamingError {
  // Retries that ran out of time, and passing failures that outlasted them (a read that stopped
  // making progress), name only what failed: the caller also needs to know what to do about it.
  if (error instanceof DeadlineExceededError) {
    return new DeadlineExceededError(`${sentence(error.message)} ${PASSING_FAILURE_ADVICE}`, { cause: error });
  }
  if (error instanceof TransientRemoteError) {
    return new TransientRemoteError(`${sentence(error.message)} ${PASSING_FAILURE_ADVICE}`, error.details, { cause: error });
  }
  if (error instanceof FnStreamingError) return error;
  return new UnexpectedError(`Internal error while handling the event; see the function log for call ${callId}.`, {
    cause: error,
  });
}

import {
  FnStreamingError,
  ObjectChangedError,
  ObjectGoneError,
  TransientRemoteError,
  UnexpectedError,
} from '../errors';

/** What becomes of a failure: tried again, answered as `skipped`, or answered as an error. */
export type Fate = 'retry' | 'skip' | 'fail';

/** The single place that decides each failure's fate. */
export function fateOf(error: unknown): Fate {
  if (error instanceof TransientRemoteError) return 'retry';
  if (error instanceof ObjectGoneError || error instanceof ObjectChangedError) return 'skip';
  return 'fail';
}

/**
 * The error the caller sees. Our own errors were written for the caller; anything else is a bug
 * whose message may hold paths or internals, so the caller gets a pointer to the log instead.
 */
export function toCallerError(error: unknown, callId: string): FnStreamingError {
  if (error instanceof FnStreamingError) return error;
  return new UnexpectedError(`Internal error while handling the event; see the function log for call ${callId}.`, {
    cause: error,
  });
}

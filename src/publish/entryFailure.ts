import { PermanentRemoteError, ThrottledError, TransientRemoteError } from '../errors';

/**
 * PutMessages answers 200 even when entries fail; each failed entry carries the service's error
 * code. Throttling and server-side errors pass with time; a rejected message does not.
 */
const PERMANENT_ENTRY_ERROR = /^(4(0[0-9]|1[0-9]|2[0-8]))$|invalid|badrequest|toolarge|notauthori[sz]ed|notfound/i;
const THROTTLED_ENTRY_ERROR = /^429$|throttl|toomanyrequests/i;
/** The service's wording: "Request was throttled because bytes limit exhausted, next request can be made in 453 ms". */
const STATED_WAIT = /next request can be made in (\d+)\s*ms/i;

/** The wait a throttling answer states, in ms, if it states one. */
export function statedWaitMs(errorMessage: string): number | undefined {
  const match = STATED_WAIT.exec(errorMessage);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export function entryFailureError(error: string, errorMessage: string): Error {
  const details = { service: 'streaming', operation: 'putMessages', code: error } as const;
  const text = `the stream refused the message (${error}: ${errorMessage})`;
  if (PERMANENT_ENTRY_ERROR.test(error)) {
    return new PermanentRemoteError(
      `Publishing failed: ${text}. Check OCI_STREAM_OCID, that a policy allows the function's dynamic group to "use stream-push" on the stream, and that MAX_MESSAGE_BYTES is within the stream's 1 MB limit.`,
      details,
    );
  }
  if (THROTTLED_ENTRY_ERROR.test(error)) return new ThrottledError(`Publishing failed: ${text}.`, details, statedWaitMs(errorMessage));
  return new TransientRemoteError(`Publishing failed: ${text}.`, details);
}

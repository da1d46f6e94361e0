import { PermanentRemoteError, TransientRemoteError } from '../errors';

/**
 * PutMessages answers 200 even when entries fail; each failed entry carries the service's error
 * code. Throttling and server-side errors pass with time; a rejected message does not.
 */
const PERMANENT_ENTRY_ERROR = /^(4(0[0-9]|1[0-9]|2[0-8]))$|invalid|badrequest|toolarge|notauthori[sz]ed|notfound/i;

export function entryFailureError(error: string, errorMessage: string): Error {
  const details = { service: 'streaming', operation: 'putMessages', code: error } as const;
  const text = `the stream refused the message (${error}: ${errorMessage})`;
  return PERMANENT_ENTRY_ERROR.test(error)
    ? new PermanentRemoteError(
        `Publishing failed: ${text}. Check OCI_STREAM_OCID, that a policy allows the function's dynamic group to "use stream-push" on the stream, and that MAX_MESSAGE_BYTES is within the stream's 1 MB limit.`,
        details,
      )
    : new TransientRemoteError(`Publishing failed: ${text}.`, details);
}

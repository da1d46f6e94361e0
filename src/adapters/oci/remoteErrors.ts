import { OciError } from 'oci-common';
import {
  ObjectArchivedError,
  ObjectChangedError,
  ObjectGoneError,
  PermanentRemoteError,
  ThrottledError,
  TransientRemoteError,
  type RemoteCallDetails,
} from '../../errors';

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * fetch reports resets and refused connections as TypeErrors whose cause has the system code;
 * the SDK's retrier re-throws them as plain `{code, message}` objects.
 */
export function isNetworkFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 4; depth++) {
    const { code, message, name, cause } = current as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR'))) return true;
    if (typeof message === 'string' && /^(fetch failed|terminated)$|socket hang up|other side closed/i.test(message)) return true;
    if (name === 'AbortError') return true;
    current = cause;
  }
  return false;
}

function describeThrown(value: unknown): string {
  const message = typeof value === 'object' && value !== null ? (value as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(value);
}

/** What an operator should check when the service refuses the function. */
const PERMISSION_HINTS: Record<RemoteCallDetails['service'], string> = {
  streaming: 'Check OCI_STREAM_OCID and OCI_STREAM_ENDPOINT, and that a policy allows the function\'s dynamic group to "use stream-push" on the stream.',
  objectstorage: 'Check that the bucket exists and that a policy allows the function\'s dynamic group to "read objects" in its compartment.',
  functions: 'Check the function OCID and that a policy lets you "use fn-invocation" on the function.',
};

const SERVICE_NAMES: Record<RemoteCallDetails['service'], string> = { streaming: 'Streaming', objectstorage: 'Object Storage', functions: 'Functions' };

function permanent(details: RemoteCallDetails, text: string, cause: unknown): PermanentRemoteError {
  return new PermanentRemoteError(text, details, { cause });
}

/**
 * Translates an SDK failure into the error hierarchy, once, at the edge: the status and service
 * code say whether the object is gone, changed, the call may succeed later, or an operator must act.
 */
export function translateRemoteError(error: unknown, service: RemoteCallDetails['service'], operation: string): Error {
  const what = SERVICE_NAMES[service];
  if (!(error instanceof OciError)) {
    if (isNetworkFailure(error)) {
      return new TransientRemoteError(`${what} ${operation} failed: the connection failed or was reset.`, { service, operation }, { cause: error });
    }
    return error instanceof Error ? error : new Error(describeThrown(error));
  }
  const status = error.statusCode;
  const code = error.serviceCode;
  const details: RemoteCallDetails = { service, operation, status, code, opcRequestId: error.opcRequestId ?? undefined };
  const said = `${what} ${operation} answered ${status}${code ? ` ${code}` : ''} (opc-request-id ${error.opcRequestId ?? 'unknown'})`;

  if (service === 'objectstorage' && status === 404 && code === 'ObjectNotFound') {
    return new ObjectGoneError('The object (or the version the event names) no longer exists; a later event covers what replaced it.', { cause: error });
  }
  if (service === 'objectstorage' && status === 412) {
    return new ObjectChangedError('The object was overwritten after this event (its ETag no longer matches); the newer event covers it.', { cause: error });
  }
  if (status === 429) return new ThrottledError(`${said}.`, details, undefined, { cause: error });
  if (status >= 500 || status === -1) {
    return new TransientRemoteError(`${said}.`, details, { cause: error });
  }
  if (status === 401) {
    return permanent(details, `${said}: the request was not authenticated. Check that the function belongs to the dynamic group named in the policies (resource principal), or the API key.`, error);
  }
  if (status === 403 || status === 404) {
    return permanent(details, `${said}. ${PERMISSION_HINTS[service]}`, error);
  }
  if (service === 'objectstorage' && status === 409 && code === 'NotRestored') {
    return new ObjectArchivedError('The object is in Archive storage and cannot be read until it is restored; read it from Object Storage after restoring.', { cause: error });
  }
  return permanent(details, `${said}: ${error.message.split('\n')[0]}`, error);
}

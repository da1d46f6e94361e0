/**
 * The message of anything thrown, for logs and for wrapping errors. Libraries also throw plain
 * objects (the OCI SDK re-throws network failures as `{code, message}`): their message is read too.
 */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  const { message, code } = (typeof error === 'object' && error !== null ? error : {}) as { message?: unknown; code?: unknown };
  if (typeof message === 'string') return message;
  return typeof code === 'string' ? code : String(error);
}

/** `Name: message` of anything thrown (`code: message` of a plain object), for log lines. */
export function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = messageOf(error);
  return typeof code === 'string' && code !== message ? `${code}: ${message}` : message;
}

/**
 * One hierarchy for everything that can go wrong. The class says what happened; `fate` (see
 * failure/fate.ts) decides once whether it is retried, skipped or failed. Messages reach the caller
 * through the fdk, so they name the problem and the fix and never carry secrets or stack traces.
 */
export abstract class FnStreamingError extends Error {
  override readonly name: string = this.constructor.name;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The invocation body is not an Object Storage object event the function can act on. */
export class InvalidEventError extends FnStreamingError {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

/** The event names a bucket outside ALLOWED_BUCKETS. */
export class BucketNotAllowedError extends FnStreamingError {}

/** One or more settings are missing or invalid; every problem is listed. */
export class ConfigurationError extends FnStreamingError {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid function configuration: ${problems.join('; ')}. Fix the function or application config and invoke again.`);
  }
}

/** No usable OCI credentials (resource principal, API key or config file). */
export class AuthenticationSetupError extends FnStreamingError {}

/** Details of a failed call to an OCI service, kept for logs and for the operator's hint. */
export interface RemoteCallDetails {
  service: 'objectstorage' | 'streaming' | 'functions';
  operation: string;
  status?: number | undefined;
  code?: string | undefined;
  opcRequestId?: string | undefined;
  /** The endpoint's `host[:port]`, for failures on the network. */
  host?: string | undefined;
}

/** A failure that may succeed when tried again: throttling, 5xx, resets, timeouts. */
export class TransientRemoteError extends FnStreamingError {
  constructor(
    message: string,
    readonly details: RemoteCallDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The stream's partition is taking more than its write limit: the request (or entry) was refused
 * and may go later. `retryAfterMs` is the wait the service stated ("next request can be made in
 * N ms"), when it stated one.
 */
export class ThrottledError extends TransientRemoteError {
  constructor(
    message: string,
    details: RemoteCallDetails,
    readonly retryAfterMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}

/** How a request failed on the network, as far as the function can tell. */
export type NetworkFailureKind =
  | 'name-not-found'
  | 'name-lookup-failed'
  | 'connection-refused'
  | 'connect-timeout'
  | 'unreachable'
  | 'tls'
  | 'no-response'
  | 'body-stalled'
  | 'connection-lost';

export interface NetworkFailure {
  kind: NetworkFailureKind;
  /** The endpoint's `host[:port]`, when known. */
  host?: string | undefined;
  /** Node's or the transport's code (ECONNREFUSED, ENOTFOUND, FN_NO_RESPONSE, a certificate code...). */
  code: string;
}

/**
 * The endpoint could not be reached, or stopped answering, in a way that may pass: a refused or
 * timed-out connection, a request that got no response, a body that stalled. Tried again on a new
 * connection.
 */
export class NetworkFailureError extends TransientRemoteError {
  constructor(
    message: string,
    details: RemoteCallDetails,
    readonly network: NetworkFailure,
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}

/** A failure that will not go away by retrying: permissions, wrong OCID, bad request. */
export class PermanentRemoteError extends FnStreamingError {
  constructor(
    message: string,
    readonly details: RemoteCallDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The endpoint cannot be used as configured: its name does not resolve, or its TLS certificate is
 * refused. Retrying until the deadline would not help; the configuration or the network must change.
 */
export class UnusableEndpointError extends PermanentRemoteError {
  constructor(
    message: string,
    details: RemoteCallDetails,
    readonly network: NetworkFailure,
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
  }
}

/** The object the event names no longer exists (deleted, or the event's version is gone). */
export class ObjectGoneError extends FnStreamingError {}

/** The object was overwritten after the event: its ETag no longer matches. */
export class ObjectChangedError extends FnStreamingError {}

/** The object is in Archive storage (not restored), whatever the event said. */
export class ObjectArchivedError extends FnStreamingError {}

/** Retries could not finish before the invocation's deadline. */
export class DeadlineExceededError extends FnStreamingError {}

/** A chunked delivery stopped part-way: some chunks are in the stream, the rest are not. */
export class DeliveryIncompleteError extends FnStreamingError {}

/**
 * A chunked delivery gave way on purpose: at the rate the partition is giving it, it could not
 * finish before the deadline, so it stops (before its first chunk, or after some) and leaves the
 * partition to deliveries that can. Carries what it saw, for the reference message and the log.
 */
export class DeliverySteppedAsideError extends FnStreamingError {
  constructor(
    message: string,
    readonly observation: { observedBytesPerSecond: number | null; neededMs: number; leftMs: number },
  ) {
    super(message);
  }
}

/** The object's bytes did not match what the service announced (length changed mid-read). */
export class ObjectReadError extends FnStreamingError {}

/**
 * The replay tool cannot start: bad arguments, an unreadable file, a bucket or function it cannot
 * reach. Raised before anything is sent; `problems` lists each one.
 */
export class ReplaySetupError extends FnStreamingError {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `npm run doctor`: the service refused the caller's credentials, so nothing could be checked. */
export class CredentialsRejectedError extends FnStreamingError {}

/** `npm run doctor --probe`: the stream's endpoint cannot be reached from where the doctor runs. */
export class StreamUnreachableError extends FnStreamingError {}

/** A bug or an unforeseen failure: the caller gets a pointer to the log, never the internals. */
export class UnexpectedError extends FnStreamingError {}

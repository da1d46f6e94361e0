/**
 * The small interfaces the handler core depends on. OCI adapters implement them over the SDK;
 * unit tests implement them with plain fakes.
 */

export interface ObjectLocation {
  namespace: string;
  bucket: string;
  name: string;
}

/** Which object the event is about: pinned by version or ETag when the event says. */
export interface PinnedObject extends ObjectLocation {
  versionId: string | null;
  eTag: string | null;
}

export interface ObjectMetadata {
  size: number;
  contentType: string | null;
  eTag: string | null;
  versionId: string | null;
  /** The service's request id, for the log. */
  opcRequestId?: string | undefined;
}

export interface OpenedObject {
  metadata: ObjectMetadata;
  /** The object's bytes from the requested offset on; read at most once. */
  body: AsyncIterable<Uint8Array>;
  /** Releases the connection when the body is not (fully) read. */
  discard(): Promise<void>;
}

export interface ObjectSource {
  /**
   * Reads the whole object, or with `resumeAt` its bytes from `offset` to the end of an object of
   * `size` bytes; throws ObjectGoneError / ObjectChangedError / remote errors.
   */
  open(object: PinnedObject, options: { resumeAt?: { offset: number; size: number }; timeoutMs: number }): Promise<OpenedObject>;
  /** A pre-authenticated read URL valid until `expiresAt`. */
  createReadUrl(object: PinnedObject, expiresAt: Date, options: { timeoutMs: number }): Promise<string>;
}

export interface StreamMessage {
  key: Buffer;
  value: Buffer;
}

export type PutOutcome =
  | { accepted: true; partition: string; offset: number; opcRequestId?: string | undefined }
  | { accepted: false; error: string; errorMessage: string };

export interface MessageSink {
  /** Sends one PutMessages request; answers each entry's outcome, in request order. */
  put(messages: readonly StreamMessage[], options: { timeoutMs: number }): Promise<PutOutcome[]>;
}

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

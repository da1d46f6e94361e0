import type { ParsedEvent } from '../event/parse';
import type { Clock, Logger, MessageSink, ObjectSource, PinnedObject } from '../ports';
import type { Deadline } from '../retry/deadline';
import type { RetryContext } from '../retry/retry';
import type { ObjectDescription } from '../message/envelope';

/** Settings the delivery code needs, taken from the configuration. */
export interface DeliverySettings {
  maxMessageBytes: number;
  maxObjectBytes: number;
  publishBytesPerSecond: number;
  referenceUrlTtlSeconds: number;
}

/** Everything one event's delivery works with, built once per invocation. */
export interface Invocation {
  callId: string;
  parsed: ParsedEvent;
  object: PinnedObject;
  key: Buffer;
  settings: DeliverySettings;
  objects: ObjectSource;
  sink: MessageSink;
  clock: Clock;
  logger: Logger;
  deadline: Deadline;
  retry: RetryContext;
  /** Publish attempts made so far, for the log. */
  stats: { attempts: number; readMs: number; publishMs: number; opcRequestIds: { read?: string; lastPublish?: string } };
}

/** data.object before the object is read: what the event says. */
export function describeFromEvent(invocation: Invocation): ObjectDescription {
  const { object } = invocation;
  return {
    namespace: object.namespace,
    bucket: object.bucket,
    name: object.name,
    size: null,
    contentType: null,
    // The read is pinned by version when there is one, but the event's ETag still describes it.
    eTag: invocation.parsed.event.data.additionalDetails.eTag ?? object.eTag,
    versionId: object.versionId,
    sha256: null,
  };
}

import { v5 } from 'uuid';
import type { ListedObject } from './ports';

/** The UUID namespace of replayed events (random, fixed forever: changing it changes every id). */
const REPLAY_ID_NAMESPACE = '6f3a2c1e-9b4d-4e8a-a7c5-2d1f0e9b8c7a';

/** A name-based (version 5, SHA-1) UUID: the same name always gives the same id. */
function replayUuid(name: string): string {
  return v5(name, REPLAY_ID_NAMESPACE);
}

export interface BucketAddress {
  namespace: string;
  bucket: string;
}

/**
 * Marks the event as a replay where consumers see it, `data.event.extensions.replay`; the function
 * forwards the event unchanged. Nothing run-specific goes in, so a replay of a replay is identical.
 */
const REPLAY_MARK = { replay: true } as const;

function envelope(eventType: string, eventId: string, eventTime: string, where: BucketAddress, name: string, details: Record<string, unknown>) {
  return {
    eventType,
    cloudEventsVersion: '0.1',
    eventTypeVersion: '2.0',
    source: 'objectstorage',
    eventTime,
    contentType: 'application/json',
    data: {
      resourceName: name,
      resourceId: `/n/${where.namespace}/b/${where.bucket}/o/${name}`,
      additionalDetails: { namespace: where.namespace, bucketName: where.bucket, ...details },
    },
    eventID: eventId,
    extensions: REPLAY_MARK,
  };
}

/** The id of a replayed object: from its namespace, bucket, name and ETag, nothing else. */
export function replayEventId(where: BucketAddress, name: string, eTag: string): string {
  return replayUuid(JSON.stringify([where.namespace, where.bucket, name, eTag]));
}

/** A create event for the listed object, pinned to its ETag, at its time modified. */
export function replayCreateEvent(where: BucketAddress, object: ListedObject): Record<string, unknown> {
  return envelope(
    'com.oraclecloud.objectstorage.createobject',
    replayEventId(where, object.name, object.eTag),
    object.timeModified.toISOString(),
    where,
    object.name,
    { eTag: object.eTag, archivalState: object.archivalState ?? 'Available' },
  );
}

/** A delete event again, for a delete whose live event failed; its id follows the original's. */
export function replayDeleteEvent(where: BucketAddress, name: string, originalEventId: string, eventTime: string): Record<string, unknown> {
  return envelope(
    'com.oraclecloud.objectstorage.deleteobject',
    replayUuid(JSON.stringify([where.namespace, where.bucket, name, 'deleteobject', originalEventId])),
    eventTime,
    where,
    name,
    {},
  );
}

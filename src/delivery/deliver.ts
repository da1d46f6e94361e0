import { ObjectArchivedError } from '../errors';
import { describeFromEvent, type Invocation } from './invocation';
import type { ObjectDescription } from '../message/envelope';
import type { OpenedObject, PinnedObject } from '../ports';
import { neededAtPaceMs } from '../publish/pacer';
import { withRetries } from '../retry/retry';
import { deliverChunked } from './chunked';
import { deliverInline } from './inline';
import { deliverDeletion } from './none';
import type { DeliveryOutcome } from './outcome';
import { planDelivery, remainingAfter } from './plan';
import { deliverReference } from './reference';

const UNREADABLE_STATES = new Set(['Archived', 'Restoring']);

function openObject(
  invocation: Invocation,
  object: PinnedObject,
  resumeAt?: { offset: number; size: number },
): Promise<OpenedObject> {
  return withRetries(
    resumeAt ? 'Resuming the object read' : 'Reading the object',
    (timeoutMs) => invocation.objects.open(object, { ...(resumeAt ? { resumeAt } : {}), timeoutMs }),
    invocation.retry,
  );
}

/** Routes one event to the delivery its kind and size call for. */
export async function deliverEvent(invocation: Invocation): Promise<DeliveryOutcome> {
  const { event } = invocation.parsed;
  if (event.eventType === 'com.oraclecloud.objectstorage.deleteobject') return deliverDeletion(invocation);

  const archivalState = event.data.additionalDetails.archivalState;
  if (archivalState && UNREADABLE_STATES.has(archivalState)) {
    return deliverReference(
      invocation,
      describeFromEvent(invocation),
      `The object is ${archivalState.toLowerCase()} in Archive storage and cannot be read until it is restored; read it from Object Storage after restoring.`,
    );
  }

  const readStartedAt = invocation.clock.now();
  let first: OpenedObject;
  try {
    first = await openObject(invocation, invocation.object);
  } catch (error) {
    // Events without archivalState (older ones) still name archived objects: the read says so.
    if (error instanceof ObjectArchivedError) return deliverReference(invocation, describeFromEvent(invocation), error.message);
    throw error;
  }
  invocation.stats.readMs += invocation.clock.now() - readStartedAt;
  const { metadata } = first;
  if (metadata.opcRequestId) invocation.stats.opcRequestIds.read = metadata.opcRequestId;
  // Resumed reads pin the ETag actually served, so a mid-read overwrite cannot splice two objects.
  const served: PinnedObject = { ...invocation.object, eTag: metadata.eTag ?? invocation.object.eTag };
  const object: ObjectDescription = {
    ...describeFromEvent(invocation),
    size: metadata.size,
    contentType: metadata.contentType,
    eTag: served.eTag,
    versionId: metadata.versionId ?? invocation.object.versionId,
  };
  const source = { first, size: metadata.size, reopen: (offset: number) => openObject(invocation, served, { offset, size: metadata.size }) };

  const { settings } = invocation;
  const plan = planDelivery({
    size: metadata.size,
    parts: { event, rawEvent: invocation.parsed.raw, object },
    keyBytes: invocation.key.byteLength,
    maxMessageBytes: settings.maxMessageBytes,
    maxObjectBytes: settings.maxObjectBytes,
  });

  if (plan.delivery === 'inline') return deliverInline(invocation, object, source);
  if (plan.delivery === 'reference') {
    await first.discard();
    return deliverReference(invocation, object, plan.reason);
  }

  // Nothing has throttled the delivery yet: it starts on the average pace.
  const neededMs = neededAtPaceMs(remainingAfter(plan, 0), settings.publishBytesPerSecond, false);
  const leftMs = invocation.deadline.remainingMs();
  if (neededMs > leftMs) {
    await first.discard();
    return deliverReference(
      invocation,
      object,
      `Sending ${plan.count} chunks at PUBLISH_BYTES_PER_SECOND (${settings.publishBytesPerSecond}) would take about ${Math.ceil(neededMs / 1000)} s, but only ${Math.max(0, Math.floor(leftMs / 1000))} s remain before the function's deadline; read the object from Object Storage, or raise the function's timeout.`,
    );
  }
  return deliverChunked(invocation, object, source, plan);
}

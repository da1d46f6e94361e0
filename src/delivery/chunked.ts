import { createHash } from 'node:crypto';
import { DeliveryIncompleteError, FnStreamingError, messageOf } from '../errors';
import type { Invocation } from './invocation';
import type { ObjectDescription } from '../message/envelope';
import { Pacer } from '../publish/pacer';
import { Deadline } from '../retry/deadline';
import { readChunks, type ChunkSource } from './chunks';
import type { DeliveryOutcome } from './outcome';
import { deliverReference } from './reference';
import { sendEnvelope } from './send';

export interface ChunkedPlan {
  chunkSize: number;
  count: number;
}

/**
 * Our own errors were written for the caller and consumers; anything else is a bug whose message
 * may hold paths or internals, so it stays in the log (as the error's cause).
 */
function describeForCaller(error: unknown): string {
  return error instanceof FnStreamingError ? error.message : 'an unexpected internal error (see the function log).';
}

/**
 * Streams the object as ordered chunks under one key, paced under the partition's write rate,
 * hashing as it goes so the last chunk carries the whole object's digest. Memory stays at about
 * one chunk whatever the object's size.
 */
export async function deliverChunked(
  invocation: Invocation,
  object: ObjectDescription,
  source: Omit<ChunkSource, 'chunkSize'>,
  plan: ChunkedPlan,
): Promise<DeliveryOutcome> {
  const pacer = new Pacer(invocation.clock, invocation.settings.publishBytesPerSecond);
  const hash = createHash('sha256');
  const offsets: number[] = [];
  let partition: string | undefined;
  let index = 0;
  let offset = 0;

  try {
    for await (const chunk of readChunks({ ...source, chunkSize: plan.chunkSize })) {
      hash.update(chunk);
      const last = index === plan.count - 1;
      await pacer.waitToSend();
      const receipt = await sendEnvelope(invocation, {
        object: { ...object, sha256: last ? hash.digest('hex') : null },
        delivery: 'chunked',
        content: chunk,
        chunk: { index, count: plan.count, offset, size: chunk.byteLength },
      });
      pacer.recordSent(receipt.messageBytes);
      partition = receipt.partition;
      offsets.push(receipt.offset);
      index += 1;
      offset += chunk.byteLength;
    }
  } catch (error) {
    const announced = await announceIncomplete(invocation, object, index, plan.count, error);
    // The caller is told what consumers were actually told, not what was attempted.
    const consumers = announced
      ? 'Consumers were sent a reference message saying so'
      : 'The reference message telling consumers so could not be published either (see the function log)';
    throw new DeliveryIncompleteError(
      `Chunked delivery of ${object.size} bytes stopped after ${index} of ${plan.count} chunks: ${describeForCaller(error)} ${consumers}; the event can be replayed safely.`,
      { cause: error },
    );
  }
  return {
    delivery: 'chunked',
    messages: index,
    bytes: object.size ?? 0,
    offsets,
    ...(partition === undefined ? {} : { partition }),
  };
}

/**
 * Tells consumers holding a partial set of chunks that the rest is not coming, using part of the
 * time kept back for answering: a failure here is logged, and the invocation fails either way.
 * Answers whether the reference message was published.
 */
async function announceIncomplete(
  invocation: Invocation,
  object: ObjectDescription,
  sent: number,
  count: number,
  error: unknown,
): Promise<boolean> {
  const reserve = invocation.deadline.safetyMarginMs / 2;
  const retry = { ...invocation.retry, deadline: new Deadline(invocation.clock, invocation.deadline.at, reserve) };
  try {
    await deliverReference(
      invocation,
      object,
      `Chunked delivery could not finish: ${sent} of ${count} chunks were published before it failed (${describeForCaller(error)}). Read the object from Object Storage.`,
      retry,
    );
    return true;
  } catch (referenceError) {
    invocation.logger.error('reference message after an incomplete chunked delivery was not published', {
      callId: invocation.callId,
      error: messageOf(referenceError),
    });
    return false;
  }
}

import { DeliveryIncompleteError, DeliverySteppedAsideError, FnStreamingError, messageOf } from '../errors';
import type { ObjectDescription } from '../message/envelope';
import type { Deadline } from '../retry/deadline';
import type { ChunkSender } from './chunkSender';
import type { GiveWay } from './contention';
import type { Invocation } from './invocation';
import type { DeliveryOutcome } from './outcome';
import type { ChunkedPlan } from './plan';
import { deliverReference } from './reference';

/**
 * Our own errors were written for the caller and consumers; anything else is a bug whose message
 * may hold paths or internals, so it stays in the log (as the error's cause).
 */
function describeForCaller(error: unknown): string {
  return error instanceof FnStreamingError ? error.message : 'an unexpected internal error (see the function log).';
}

const seconds = (ms: number): string => (ms === Infinity ? 'without end' : `about ${Math.ceil(ms / 1000)} s`);

/** The reference message's reason when a delivery gives way: what it saw, and what to do. */
function stepAsideReason(sent: number, count: number, remainingBytes: number, seen: GiveWay): string {
  const need = `would need ${seconds(seen.neededMs)} even at the partition's full pace, but only ${Math.max(0, Math.floor(seen.leftMs / 1000))} s remain before the function's deadline`;
  const advice = 'Read the object from Object Storage, or replay the event when the partition is quieter.';
  if (sent === 0) {
    return `Stepped aside before sending any of its ${count} chunks: the stream partition is busy with other deliveries and accepted none of this delivery's attempts (0 bytes/s); the ${count} chunks ${need}. ${advice}`;
  }
  const rate = seen.observedBytesPerSecond === null ? '' : ` and accepted this delivery's chunks at about ${Math.round(seen.observedBytesPerSecond)} bytes/s`;
  return `${sent} of ${count} chunks were published; the rest is not coming: the stream partition is busy with other deliveries${rate}; the remaining ${remainingBytes} bytes ${need}. ${advice}`;
}

/** How a chunked delivery stopped before its last chunk: on purpose, or by a failure. */
export type StoppedEarly = { steppedAside: GiveWay } | { failed: unknown };

/**
 * Ends a chunked delivery that stopped before its last chunk: consumers are sent a reference
 * saying the rest is not coming, within the time reserved for it. A delivery that stepped aside
 * and said so has done what it should: its outcome is that reference. Otherwise the caller gets
 * a DeliveryIncompleteError, told what consumers were actually told, not what was attempted.
 */
export async function endIncomplete(
  invocation: Invocation,
  object: ObjectDescription,
  sender: ChunkSender,
  plan: ChunkedPlan,
  stopped: StoppedEarly,
  referenceEnd: Deadline,
): Promise<DeliveryOutcome> {
  const sent = sender.chunksSent;
  const stoppedAfter = (cause: unknown, consumersTold: boolean): DeliveryIncompleteError => {
    const consumers = consumersTold
      ? 'Consumers were sent a reference message saying so'
      : 'The reference message telling consumers so could not be published either (see the function log)';
    return new DeliveryIncompleteError(
      `Chunked delivery of ${object.size} bytes stopped after ${sent} of ${plan.count} chunks: ${describeForCaller(cause)} ${consumers}; the event can be replayed safely.`,
      { cause },
    );
  };

  if ('steppedAside' in stopped) {
    const reason = stepAsideReason(sent, plan.count, sender.remainingBytes, stopped.steppedAside);
    const reference = await announceIncomplete(invocation, object, reason, referenceEnd);
    if (reference) return sender.outcomeSteppedAside(reference, stopped.steppedAside);
    throw stoppedAfter(new DeliverySteppedAsideError(reason, stopped.steppedAside), false);
  }
  const reason = `Chunked delivery could not finish: ${sent} of ${plan.count} chunks were published before it failed (${describeForCaller(stopped.failed)}). Read the object from Object Storage.`;
  const reference = await announceIncomplete(invocation, object, reason, referenceEnd);
  throw stoppedAfter(stopped.failed, reference !== undefined);
}

/**
 * Tells consumers that the rest of the chunks (or all of them) is not coming, within the time
 * reserved for it. A failure here is logged; answers the reference's outcome when it was published.
 */
async function announceIncomplete(invocation: Invocation, object: ObjectDescription, reason: string, end: Deadline): Promise<DeliveryOutcome | undefined> {
  const retry = { ...invocation.retry, deadline: end };
  try {
    return await deliverReference(invocation, object, reason, retry);
  } catch (referenceError) {
    invocation.logger.error('reference message after an incomplete chunked delivery was not published', {
      callId: invocation.callId,
      error: messageOf(referenceError),
    });
    return undefined;
  }
}

import { createHash } from 'node:crypto';
import { DeliveryIncompleteError, DeliverySteppedAsideError, FnStreamingError, messageOf, ThrottledError } from '../errors';
import type { Invocation } from './invocation';
import type { ObjectDescription } from '../message/envelope';
import { Pacer, sendAheadMs } from '../publish/pacer';
import { Deadline } from '../retry/deadline';
import type { RetryContext } from '../retry/retry';
import { readChunks, type ChunkSource } from './chunks';
import { judgeProgress, yieldAfterThrottleMs, type GiveWay } from './contention';
import type { DeliveryOutcome } from './outcome';
import type { ChunkedPlan } from './plan';
import { ChunkProgress } from './progress';
import { deliverReference } from './reference';
import { sendEnvelope } from './send';

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

/**
 * Streams the object as ordered chunks under one key, paced under the partition's write rate,
 * hashing as it goes so the last chunk carries the whole object's digest. Memory stays at about
 * one chunk whatever the object's size. On a partition shared with other deliveries it gives way
 * after each throttle (less the nearer it is to done), and steps aside with a reference message
 * as soon as it cannot finish before its deadline at the rate the partition gives it.
 */
export async function deliverChunked(
  invocation: Invocation,
  object: ObjectDescription,
  source: Omit<ChunkSource, 'chunkSize'>,
  plan: ChunkedPlan,
): Promise<DeliveryOutcome> {
  const { clock } = invocation;
  const { chunksEnd, referenceEnd } = endsOf(invocation);
  const bytesPerSecond = invocation.settings.publishBytesPerSecond;
  const pacer = new Pacer(clock, bytesPerSecond);
  const progress = new ChunkProgress(clock, plan);
  const hash = createHash('sha256');
  const offsets: number[] = [];
  let partition: string | undefined;
  let offset = 0;

  const stepAside = (seen: GiveWay): DeliverySteppedAsideError =>
    new DeliverySteppedAsideError(stepAsideReason(progress.chunksAccepted, plan.count, progress.remaining().bytes, seen), seen);
  let throttledThisChunk = false;
  let attemptSentAt = 0;
  // No attempt starts with less than minAttemptMs left (see withRetries): the last one needs that too.
  const { minAttemptMs } = invocation.retry.policy;
  // Only a delivery the partition has throttled is sharing it: one that is merely slow (a slow
  // network, a read that stalls) goes on and fails as it always has, if it must.
  const judge = (leftMs: number, throttled: boolean): void => {
    if (!throttled && !pacer.followsPartition) return;
    const verdict = judgeProgress(progress.reading(leftMs - minAttemptMs, throttled, pacer.followsPartition), bytesPerSecond);
    if (!verdict.go) throw stepAside(verdict.seen);
  };
  const chunkRetry: RetryContext = {
    ...invocation.retry,
    deadline: chunksEnd,
    beforeRetry: (error, delayMs) => {
      const throttled = error instanceof ThrottledError;
      throttledThisChunk ||= throttled;
      // The stated wait runs from the partition's answer; the retry should arrive then (plus the
      // yield), so it is sent ahead by most of the round trip the throttled attempt took.
      const aheadMs = sendAheadMs(clock.now() - attemptSentAt);
      const waitMs = throttled ? Math.max(0, delayMs + yieldAfterThrottleMs(progress.share(), invocation.retry.random) - aheadMs) : delayMs;
      judge(chunksEnd.remainingMs() - waitMs, throttled);
      attemptSentAt = clock.now() + waitMs;
      return waitMs;
    },
  };

  try {
    for await (const chunk of readChunks({ ...source, chunkSize: plan.chunkSize })) {
      const index = progress.chunksAccepted;
      hash.update(chunk);
      const last = index === plan.count - 1;
      await pacer.waitToSend(progress.remaining().firstMessageBytes);
      // Before the first chunk the pace was judged (deliver.ts); then, sharing the partition, each next one is.
      if (index > 0) judge(chunksEnd.remainingMs(), false);
      attemptSentAt = clock.now();
      const receipt = await sendEnvelope(
        invocation,
        {
          object: { ...object, sha256: last ? hash.digest('hex') : null },
          delivery: 'chunked',
          content: chunk,
          chunk: { index, count: plan.count, offset, size: chunk.byteLength },
        },
        chunkRetry,
      );
      pacer.recordSent(receipt.messageBytes, throttledThisChunk, clock.now() - attemptSentAt);
      throttledThisChunk = false;
      progress.recordAccepted(receipt.messageBytes);
      partition = receipt.partition;
      offsets.push(receipt.offset);
      offset += chunk.byteLength;
    }
  } catch (error) {
    const sent = progress.chunksAccepted;
    const reason =
      error instanceof DeliverySteppedAsideError
        ? error.message
        : `Chunked delivery could not finish: ${sent} of ${plan.count} chunks were published before it failed (${describeForCaller(error)}). Read the object from Object Storage.`;
    const reference = await announceIncomplete(invocation, object, reason, referenceEnd);
    if (reference && error instanceof DeliverySteppedAsideError) {
      return {
        ...reference,
        messages: sent + 1,
        offsets: [...offsets, ...reference.offsets],
        steppedAside: { chunksPublished: sent, chunkCount: plan.count, ...error.observation },
      };
    }
    // The caller is told what consumers were actually told, not what was attempted.
    const consumers = reference
      ? 'Consumers were sent a reference message saying so'
      : 'The reference message telling consumers so could not be published either (see the function log)';
    throw new DeliveryIncompleteError(
      `Chunked delivery of ${object.size} bytes stopped after ${sent} of ${plan.count} chunks: ${describeForCaller(error)} ${consumers}; the event can be replayed safely.`,
      { cause: error },
    );
  }
  return {
    delivery: 'chunked',
    messages: progress.chunksAccepted,
    bytes: object.size ?? 0,
    offsets,
    ...(partition === undefined ? {} : { partition }),
  };
}

/**
 * The margin kept back from Fn-Deadline for answering is shared out: the last quarter stays for
 * the answer itself; the half before it is reserved for the reference message that tells
 * consumers the rest is not coming, should the chunks not finish (retried through throttling
 * within it); the chunks may use the time before that.
 */
function endsOf({ clock, deadline }: Invocation): { chunksEnd: Deadline; referenceEnd: Deadline } {
  const answerMs = deadline.safetyMarginMs / 4;
  return {
    chunksEnd: new Deadline(clock, deadline.at, answerMs + deadline.safetyMarginMs / 2),
    referenceEnd: new Deadline(clock, deadline.at, answerMs),
  };
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

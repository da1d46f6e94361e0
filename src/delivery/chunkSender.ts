import { createHash } from 'node:crypto';
import { ThrottledError } from '../errors';
import type { ObjectDescription } from '../message/envelope';
import { Pacer, sendAheadMs } from '../publish/pacer';
import type { Deadline } from '../retry/deadline';
import { judgeProgress, yieldAfterThrottleMs, type GiveWay, type Verdict } from './contention';
import type { Invocation } from './invocation';
import type { DeliveryOutcome } from './outcome';
import type { ChunkedPlan } from './plan';
import { ChunkProgress } from './progress';
import { sendSteered, type FailedAttempt, type Steering } from './send';

/**
 * Sends one object's chunks in order under one key, paced under the partition's write rate,
 * hashing as it goes so the last chunk carries the whole object's digest. All a chunked delivery
 * knows lives here: the next chunk's index and offset, what the partition accepted and when, the
 * pace, the digest so far, and where each chunk landed.
 *
 * On a partition shared with other deliveries it gives way after each throttle (less the nearer
 * it is to done) and stops as soon as the rest cannot make its deadline at the rate the partition
 * gives it. Only a delivery the partition has throttled is sharing it and judged so: one that is
 * merely slow (a slow network, a read that stalls) goes on, and fails as any delivery would.
 */
export class ChunkSender {
  private readonly pacer: Pacer;
  private readonly progress: ChunkProgress;
  private readonly hash = createHash('sha256');
  private readonly offsets: number[] = [];
  private partition: string | undefined;
  private contentOffset = 0;

  constructor(
    private readonly invocation: Invocation,
    private readonly object: ObjectDescription,
    private readonly plan: ChunkedPlan,
    /** When the chunks must be in: the time after it is kept for the answer (and a reference). */
    private readonly end: Deadline,
  ) {
    this.pacer = new Pacer(invocation.clock, invocation.settings.publishBytesPerSecond);
    this.progress = new ChunkProgress(invocation.clock, plan);
  }

  get chunksSent(): number {
    return this.progress.chunksAccepted;
  }

  /** Message bytes of the chunks not sent yet. */
  get remainingBytes(): number {
    return this.progress.remaining().bytes;
  }

  /**
   * Sends the next chunk when the pace allows, again after each failed attempt until the
   * partition accepts it. Answers `go: false`, with what it saw, when the rest can no longer make
   * the deadline: the chunk was not sent, and the delivery should step aside.
   */
  async send(chunk: Buffer): Promise<Verdict> {
    const index = this.progress.chunksAccepted;
    this.hash.update(chunk);
    await this.pacer.waitToSend(this.progress.remaining().firstMessageBytes);
    // The first chunk's pace was judged before the object was read (deliver.ts).
    if (index > 0) {
      const verdict = this.judge(this.end.remainingMs(), false);
      if (!verdict.go) return verdict;
    }
    const { count } = this.plan;
    const result = await sendSteered(
      this.invocation,
      {
        object: { ...this.object, sha256: index === count - 1 ? this.hash.digest('hex') : null },
        delivery: 'chunked',
        content: chunk,
        chunk: { index, count, offset: this.contentOffset, size: chunk.byteLength },
      },
      { ...this.invocation.retry, deadline: this.end },
      (failed) => this.afterFailure(failed),
    );
    if ('stopped' in result) return { go: false, seen: result.stopped };

    const { sent } = result;
    this.pacer.recordSent(sent.messageBytes, sent.failures.some((error) => error instanceof ThrottledError), sent.roundTripMs);
    this.progress.recordAccepted(sent.messageBytes);
    this.partition = sent.partition;
    this.offsets.push(sent.offset);
    this.contentOffset += chunk.byteLength;
    return { go: true };
  }

  /** Every chunk went in. */
  outcome(): DeliveryOutcome {
    return {
      delivery: 'chunked',
      messages: this.progress.chunksAccepted,
      bytes: this.object.size ?? 0,
      offsets: this.offsets,
      ...(this.partition === undefined ? {} : { partition: this.partition }),
    };
  }

  /** The chunks sent, then the reference that told consumers the rest is not coming. */
  outcomeSteppedAside(reference: DeliveryOutcome, seen: GiveWay): DeliveryOutcome {
    const sent = this.progress.chunksAccepted;
    return {
      ...reference,
      messages: sent + 1,
      offsets: [...this.offsets, ...reference.offsets],
      steppedAside: { chunksPublished: sent, chunkCount: this.plan.count, ...seen },
    };
  }

  /** After a failed attempt: how long to give way before sending the chunk again, or to stop. */
  private afterFailure({ error, backoffMs, roundTripMs }: FailedAttempt): Steering<GiveWay> {
    const throttled = error instanceof ThrottledError;
    // The stated wait runs from the partition's answer; the retry should arrive then (plus the
    // yield), so it is sent ahead by most of the round trip the throttled attempt took.
    const waitMs = throttled
      ? Math.max(0, backoffMs + yieldAfterThrottleMs(this.progress.share(), this.invocation.retry.random) - sendAheadMs(roundTripMs))
      : backoffMs;
    const verdict = this.judge(this.end.remainingMs() - waitMs, throttled);
    return verdict.go ? { retryInMs: waitMs } : { stop: verdict.seen };
  }

  /** Whether the rest can still make the deadline with `leftMs` left, once the partition is shared. */
  private judge(leftMs: number, throttled: boolean): Verdict {
    if (!throttled && !this.pacer.followsPartition) return { go: true };
    // No attempt starts with less than minAttemptMs left (see withRetries): the last one needs that too.
    const reading = this.progress.reading(leftMs - this.invocation.retry.policy.minAttemptMs, throttled, this.pacer.followsPartition);
    return judgeProgress(reading, this.invocation.settings.publishBytesPerSecond);
  }
}

import { base64Length } from '../message/base64';
import type { Clock } from '../ports';
import type { ProgressReading, Remaining } from './contention';

export interface ChunkedPlan {
  chunkSize: number;
  count: number;
  /** All chunk messages' bytes (value plus key), as planned: a slight over-count, never under. */
  totalMessageBytes: number;
}

/** How far a chunked delivery has got, and what the partition has accepted from it, when. */
export class ChunkProgress {
  private accepted = 0;
  private acceptedBytes = 0;
  private firstChunk: { at: number; bytes: number } | undefined;
  private readonly envelopeBytes: number;
  private readonly lastChunkBytes: number;

  constructor(
    private readonly clock: Clock,
    private readonly plan: ChunkedPlan,
    size: number,
  ) {
    this.lastChunkBytes = size - (plan.count - 1) * plan.chunkSize;
    // The plan's total is count envelopes plus the base64 of every chunk: the envelope is the rest.
    this.envelopeBytes = (plan.totalMessageBytes - (plan.count - 1) * base64Length(plan.chunkSize) - base64Length(this.lastChunkBytes)) / plan.count;
  }

  get chunksAccepted(): number {
    return this.accepted;
  }

  recordAccepted(messageBytes: number): void {
    this.firstChunk ??= { at: this.clock.now(), bytes: messageBytes };
    this.accepted += 1;
    this.acceptedBytes += messageBytes;
  }

  remaining(): Remaining {
    const messages = this.plan.count - this.accepted;
    const lastMessageBytes = this.envelopeBytes + base64Length(this.lastChunkBytes);
    const fullMessageBytes = this.envelopeBytes + base64Length(this.plan.chunkSize);
    if (messages === 0) return { bytes: 0, messages, firstMessageBytes: 0, lastMessageBytes: 0 };
    return {
      bytes: (messages - 1) * fullMessageBytes + lastMessageBytes,
      messages,
      firstMessageBytes: messages === 1 ? lastMessageBytes : fullMessageBytes,
      lastMessageBytes,
    };
  }

  /** Whether a chunk was accepted yet, and the share of the delivery's bytes still to send. */
  share(): { started: boolean; remainingShare: number } {
    return { started: this.accepted > 0, remainingShare: this.remaining().bytes / this.plan.totalMessageBytes };
  }

  reading(leftMs: number, throttled: boolean, followsPartition: boolean): ProgressReading {
    const first = this.firstChunk;
    return {
      remaining: this.remaining(),
      leftMs,
      throttled,
      followsPartition,
      ...(first === undefined ? {} : { sinceFirstChunk: { bytes: this.acceptedBytes - first.bytes, spanMs: this.clock.now() - first.at } }),
    };
  }
}

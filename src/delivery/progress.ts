import type { Clock } from '../ports';
import type { Remaining } from '../publish/pacer';
import type { ProgressReading } from './contention';
import { remainingAfter, type ChunkedPlan } from './plan';

/** How far a chunked delivery has got, and what the partition has accepted from it, when. */
export class ChunkProgress {
  private accepted = 0;
  private acceptedBytes = 0;
  private firstChunk: { at: number; bytes: number } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly plan: ChunkedPlan,
  ) {}

  get chunksAccepted(): number {
    return this.accepted;
  }

  recordAccepted(messageBytes: number): void {
    this.firstChunk ??= { at: this.clock.now(), bytes: messageBytes };
    this.accepted += 1;
    this.acceptedBytes += messageBytes;
  }

  remaining(): Remaining {
    return remainingAfter(this.plan, this.accepted);
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

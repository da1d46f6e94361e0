import type { Clock } from '../ports';

/**
 * Keeps a delivery's average rate at or under `bytesPerSecond` (the partition's write limit), so
 * large objects do not set off a storm of throttled entries. The first message goes at once;
 * each later one waits until the bytes already sent are paid for.
 */
export class Pacer {
  private startedAt: number | undefined;
  private sentBytes = 0;

  constructor(
    private readonly clock: Clock,
    private readonly bytesPerSecond: number,
  ) {}

  async waitToSend(): Promise<void> {
    const now = this.clock.now();
    this.startedAt ??= now;
    const due = this.startedAt + (this.sentBytes * 1000) / this.bytesPerSecond;
    if (due > now) await this.clock.sleep(due - now);
  }

  recordSent(bytes: number): void {
    this.sentBytes += bytes;
  }
}

/** How long a paced delivery of `totalBytes` takes at least. */
export function pacedDurationMs(totalBytes: number, firstMessageBytes: number, bytesPerSecond: number): number {
  return ((totalBytes - firstMessageBytes) * 1000) / bytesPerSecond;
}

import type { Clock } from '../ports';

/** Share of the last round trip a message is sent ahead of the partition's refill: not all of it, as round trips vary. */
const ROUND_TRIP_LEAD = 0.75;

/** Time allowed per PutMessages round trip on top of pacing, when judging the deadline. */
export const PER_MESSAGE_ALLOWANCE_MS = 50;

/** What a paced delivery still has to send. */
export interface Remaining {
  /** Message bytes (value plus key) of the messages not yet accepted. */
  bytes: number;
  messages: number;
  /** The next message's bytes. */
  firstMessageBytes: number;
  /** The last message's bytes. */
  lastMessageBytes: number;
}

/**
 * How long before the partition has room a message should be sent, given the last round trip:
 * the partition takes a message once the request has arrived, most of a round trip after it
 * was sent, and it answers just after.
 */
export function sendAheadMs(lastRoundTripMs: number): number {
  return lastRoundTripMs * ROUND_TRIP_LEAD;
}

/**
 * Keeps a delivery's average rate at or under `bytesPerSecond` (the partition's write limit), so
 * large objects do not set off a storm of throttled entries. The first message goes at once;
 * each later one waits until the bytes already sent are paid for.
 *
 * Once the partition has throttled the delivery (others are writing to it too), the pacer follows
 * the partition instead: a message that was let through after a throttle has just spent the
 * partition's budget, so each next message waits until the partition has refilled its own bytes
 * since the last one was accepted. Lost time is not caught up in a burst (the busy partition has
 * no room for one), and a short last chunk goes as soon as it fits, not a full message later.
 */
export class Pacer {
  private startedAt: number | undefined;
  private sentBytes = 0;
  private lastAcceptedAt: number | undefined;
  private lastRoundTripMs = 0;
  private followingPartition = false;

  constructor(
    private readonly clock: Clock,
    private readonly bytesPerSecond: number,
  ) {}

  /** Waits until the next message, of `nextBytes`, may go. */
  async waitToSend(nextBytes = 0): Promise<void> {
    const now = this.clock.now();
    this.startedAt ??= now;
    // The partition spent its budget when it took the last message, just before the answer came back.
    const due =
      this.followingPartition && this.lastAcceptedAt !== undefined
        ? this.lastAcceptedAt + (nextBytes * 1000) / this.bytesPerSecond - sendAheadMs(this.lastRoundTripMs)
        : this.startedAt + (this.sentBytes * 1000) / this.bytesPerSecond;
    if (due > now) await this.clock.sleep(due - now);
  }

  /**
   * A message of `bytes` was accepted, `roundTripMs` after its (last) attempt was sent;
   * `afterThrottle` when the partition had refused it first.
   */
  recordSent(bytes: number, afterThrottle = false, roundTripMs = 0): void {
    this.sentBytes += bytes;
    this.lastAcceptedAt = this.clock.now();
    this.lastRoundTripMs = roundTripMs;
    if (afterThrottle) this.followingPartition = true;
  }

  /** Whether the pace now follows the partition's refill (it has throttled this delivery). */
  get followsPartition(): boolean {
    return this.followingPartition;
  }
}

/**
 * How long sending the rest takes at least, on the Pacer's schedule with nobody else writing, plus
 * a round trip per message: the one estimate every deadline judgement of a paced delivery uses,
 * before its first message and after each. On the average pace the last message waits until all
 * the others are paid for; following the partition (after a throttle), each message waits until
 * its own bytes are, from the next one on, so a short last message costs little.
 */
export function neededAtPaceMs(remaining: Remaining, bytesPerSecond: number, followsPartition: boolean): number {
  if (remaining.messages === 0) return 0;
  const unpaid = followsPartition ? remaining.firstMessageBytes : remaining.lastMessageBytes;
  return ((remaining.bytes - unpaid) / bytesPerSecond) * 1000 + remaining.messages * PER_MESSAGE_ALLOWANCE_MS;
}

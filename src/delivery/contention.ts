import { neededAtPaceMs, type Remaining } from '../publish/pacer';

/**
 * Decisions of a chunked delivery that shares its partition with others it cannot see: how long
 * it gives way after a throttle, and whether it can still finish before its deadline. The only
 * signals are its own: the stream's throttling answers, what the partition actually accepted from
 * it, how far along it is, and the time left.
 */

/**
 * After a throttle, a delivery waits what the stream stated, plus a yield that decides who gets
 * the partition when several come back at the moment it has room: one that has not started
 * yields the most, so it seldom breaks into a delivery under way (whose chunks could then be
 * wasted if it could not finish); among those under way, the one with less left yields less.
 * Capacity goes to whole objects, close to first come, first served, without any coordination.
 * The not-started yield is paid once per hand-over, so it is kept to what beats round-trip noise.
 */
const NOT_STARTED_YIELD_MS = 250;
const UNDER_WAY_YIELD_MS = 60;

/** The accepted rate is only reported over at least this long: one round trip says little. */
export const MIN_RATE_SPAN_MS = 2_000;

/** The extra wait after a throttle, beyond what the stream stated (see NOT_STARTED_YIELD_MS). */
export function yieldAfterThrottleMs(progress: { started: boolean; remainingShare: number }, random: () => number): number {
  const base = progress.started ? UNDER_WAY_YIELD_MS * progress.remainingShare : NOT_STARTED_YIELD_MS;
  // Up to half again, so deliveries told the same wait do not all come back at the same moment.
  return Math.round(base * (1 + random() / 2));
}

export interface ProgressReading {
  remaining: Remaining;
  /** Time left before the chunks' deadline, once the coming wait is over. */
  leftMs: number;
  /**
   * Bytes the partition accepted after the delivery's first chunk, and the time since that chunk:
   * the rate the partition is actually giving this delivery. Absent before the first chunk.
   */
  sinceFirstChunk?: { bytes: number; spanMs: number };
  /** Whether the coming send is a retry after a throttle: the partition is shared. */
  throttled: boolean;
  /** Whether the delivery's pace follows the partition's refill (see Pacer). */
  followsPartition: boolean;
}

export interface GiveWay {
  /** The rate the partition gave this delivery (0 before its first chunk), or null if too soon to tell. */
  observedBytesPerSecond: number | null;
  /** The time the rest would need at the partition's pace, from the next moment it may send. */
  neededMs: number;
  leftMs: number;
}

export type Verdict = { go: true } | { go: false; seen: GiveWay };

/** The accepted rate over at least MIN_RATE_SPAN_MS since the first chunk; 0 before it; null if too soon. */
export function observedRate(reading: Pick<ProgressReading, 'sinceFirstChunk'>): number | null {
  const since = reading.sinceFirstChunk;
  if (since === undefined) return 0;
  return since.spanMs >= MIN_RATE_SPAN_MS ? (since.bytes / since.spanMs) * 1000 : null;
}

/**
 * Goes on only while the rest can still make the deadline at the partition's pace, counted from
 * the next moment the delivery may send (after the wait a throttle states, and its own yield).
 * That is the earliest it can tell: a delivery that is waiting its turn costs the partition
 * nothing (throttled attempts write nothing), and one that was overtaken keeps its place once the
 * other is done, so stopping it on a rate projection would throw away chunks the partition could
 * still have completed. The rate it was given is reported, for the reference and the log.
 */
export function judgeProgress(reading: ProgressReading, bytesPerSecond: number): Verdict {
  const { leftMs, remaining } = reading;
  // A retry after a throttle is a delivery sharing the partition: from then on it follows it.
  const neededMs = neededAtPaceMs(remaining, bytesPerSecond, reading.followsPartition || reading.throttled);
  if (neededMs <= leftMs) return { go: true };
  return { go: false, seen: { observedBytesPerSecond: observedRate(reading), neededMs, leftMs } };
}

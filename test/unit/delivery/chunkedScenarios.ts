import type { Scenario } from './deliveryWorld';

/**
 * Chunked deliveries of a 40,000-byte object in 8,192-byte messages (nine chunks, the last one
 * short), each driving one path of the sender: recorded from the sender as it was before it was
 * reshaped (test/fixtures/delivery/chunked-traces.json), so the reshaped one is held to the same
 * requests, waits and answers to the millisecond.
 */
const QUIET = { bytesPerSecond: 1e9, startBytes: 1e9, roundTripMs: 20 };
/** A partition shared with others: it has room for two messages, then takes about one a second. */
const SHARED = { bytesPerSecond: 8_192, startBytes: 16_384, roundTripMs: 40 };
/** A partition others keep full: about one message every two seconds, none at once. */
const BUSY = { bytesPerSecond: 4_096, startBytes: 0, roundTripMs: 40 };
const base = { size: 40_000, maxMessageBytes: 8_192, publishBytesPerSecond: 16_384, deadlineMs: 60_000, partition: QUIET };

export const SCENARIOS: Record<string, Scenario> = {
  'quiet partition: paced at the average rate': base,
  'shared partition, time enough: gives way after each throttle, then follows the partition': { ...base, partition: SHARED },
  'shared partition, short of time: steps aside part-way': { ...base, partition: { ...SHARED, bytesPerSecond: 4_096 }, deadlineMs: 12_000 },
  'busy partition: steps aside before its first chunk': { ...base, partition: BUSY, deadlineMs: 9_000 },
  'throttled once, then slow round trips: steps aside between chunks': { ...base, partition: { bytesPerSecond: 8_192, startBytes: 0, roundTripMs: 300 }, deadlineMs: 8_250 },
  'a chunk refused: the rest is announced as not coming': { ...base, failures: { 4: 'permanent' } },
  'a chunk refused and the reference refused too': { ...base, failures: { 4: 'permanent' }, refuseReference: true },
  'stepped aside and the reference refused': { ...base, partition: { ...SHARED, bytesPerSecond: 4_096 }, deadlineMs: 12_000, refuseReference: true },
  'server errors are retried with backoff, not judged': { ...base, failures: { 2: 'transient', 3: 'transient', 6: 'transient' }, deadlineMs: 8_000 },
  'throttled then a server error: judged after the throttle only': { ...base, partition: SHARED, failures: { 4: 'transient' }, deadlineMs: 20_000 },
  'too slow a pace for the time left: a reference before reading': { ...base, publishBytesPerSecond: 4_096, deadlineMs: 10_000 },
};

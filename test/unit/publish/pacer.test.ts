import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { neededAtPaceMs, Pacer, PER_MESSAGE_ALLOWANCE_MS, sendAheadMs, type Remaining } from '../../../src/publish/pacer';
import { FakeClock, seededRandom } from '../support/fakes';

/** Sends `sizes` through a pacer; answers when each send started, relative to the first. */
async function pace(clock: FakeClock, pacer: Pacer, sizes: readonly number[], sendMs = 0): Promise<number[]> {
  const startedAt = clock.now();
  const sentAt: number[] = [];
  for (const bytes of sizes) {
    await pacer.waitToSend(bytes);
    sentAt.push(clock.now() - startedAt);
    clock.advance(sendMs);
    pacer.recordSent(bytes);
  }
  return sentAt;
}

describe('Pacer', () => {
  it('sends the first message at once', async () => {
    const clock = new FakeClock();
    const sentAt = await pace(clock, new Pacer(clock, 1_000), [999_999]);
    assert.deepEqual(sentAt, [0]);
    assert.deepEqual(clock.sleeps, []);
  });

  for (const [rate, sendMs] of [
    [1_000_000, 0],
    [1_000_000, 35],
    [250_000, 3],
    [1_024, 0],
  ] as const) {
    it(`keeps the average at or under ${rate} B/s over many messages (${sendMs} ms per send)`, async () => {
      const random = seededRandom(rate + sendMs);
      const sizes = Array.from({ length: 300 }, () => 1 + Math.floor(random() * 1_000_000));
      const clock = new FakeClock();
      const sentAt = await pace(clock, new Pacer(clock, rate), sizes, sendMs);

      let before = 0;
      sizes.forEach((bytes, index) => {
        const earliest = (before * 1000) / rate;
        assert.ok(sentAt[index]! >= earliest - 0.01, `message ${index} sent at ${sentAt[index]} ms, before ${earliest} ms`);
        // Never held back longer than the rate requires (or the sender's own pace).
        assert.ok(sentAt[index]! <= Math.max(earliest, (sentAt[index - 1] ?? 0) + sendMs) + 0.01, `message ${index} delayed`);
        before += bytes;
      });
      const total = sizes.reduce((sum, bytes) => sum + bytes, 0);
      const lastStart = sentAt.at(-1)!;
      const bytesBeforeLast = total - sizes.at(-1)!;
      assert.ok((bytesBeforeLast * 1000) / lastStart <= rate * (1 + 1e-9), 'average rate above the limit');
      assert.ok((bytesBeforeLast * 1000) / lastStart >= rate * 0.99, 'the pacer wasted time');
    });
  }

  it('does not sleep when the sender is already slower than the rate', async () => {
    const clock = new FakeClock();
    await pace(clock, new Pacer(clock, 1_000_000), Array.from({ length: 20 }, () => 100_000), 150);
    assert.deepEqual(clock.sleeps, []);
  });

  it('catches up after a slow send, without exceeding the average', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, 1_000);
    const startedAt = clock.now();
    await pacer.waitToSend();
    pacer.recordSent(1_000);
    clock.advance(3_000); // a slow round trip: 3 s for 1 s worth of bytes
    const sentAt: number[] = [];
    for (let i = 0; i < 4; i++) {
      await pacer.waitToSend();
      sentAt.push(clock.now() - startedAt);
      pacer.recordSent(1_000);
    }
    assert.deepEqual(
      sentAt,
      [3_000, 3_000, 3_000, 4_000],
      'the time lost is used for sends already paid for, then the rate holds',
    );
  });
});

describe('Pacer following the partition (after a throttle)', () => {
  it('holds each next message until the partition has refilled its bytes since the last was accepted', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, 1_000_000);
    const startedAt = clock.now();
    await pacer.waitToSend(1_000_000);
    clock.advance(2_500); // throttled for 2.5 s, then accepted
    pacer.recordSent(1_000_000, true);
    assert.equal(pacer.followsPartition, true);
    const sentAt: number[] = [];
    for (const bytes of [1_000_000, 1_000_000, 8_000]) {
      await pacer.waitToSend(bytes);
      sentAt.push(clock.now() - startedAt);
      pacer.recordSent(bytes);
    }
    assert.deepEqual(sentAt, [3_500, 4_500, 4_508], 'no burst to catch up; the short last message goes as soon as it fits');
  });

  it('sends ahead by three quarters of the last round trip, so the message arrives as the partition has room', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, 1_000_000);
    await pacer.waitToSend(1_000_000);
    clock.advance(400);
    pacer.recordSent(1_000_000, true, 400);
    const acceptedAt = clock.now();
    await pacer.waitToSend(1_000_000);
    assert.equal(clock.now() - acceptedAt, 1_000 - sendAheadMs(400));
    assert.equal(sendAheadMs(400), 300);
  });

  it('keeps the average pace until the partition throttles the delivery', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock, 1_000_000);
    const sentAt = await pace(clock, pacer, [1_000_000, 1_000_000, 8_000]);
    assert.deepEqual(sentAt, [0, 1_000, 2_000]);
    assert.equal(pacer.followsPartition, false);
  });
});

describe('neededAtPaceMs', () => {
  const RATE = 1_000_000;
  /** A 3 MB object at the default budget: four full messages and a short last one. */
  const WHOLE: Remaining = { bytes: 4_008_000, messages: 5, firstMessageBytes: 1_000_000, lastMessageBytes: 8_000 };
  /** `sizes` as what is left to send. */
  const remaining = (sizes: readonly number[]): Remaining => ({
    bytes: sizes.reduce((sum, bytes) => sum + bytes, 0),
    messages: sizes.length,
    firstMessageBytes: sizes[0] ?? 0,
    lastMessageBytes: sizes.at(-1) ?? 0,
  });

  it('at the average pace, every message but the last is paid for before the last goes', () => {
    assert.equal(neededAtPaceMs(WHOLE, RATE, false), 4_000 + 5 * PER_MESSAGE_ALLOWANCE_MS);
  });

  it('following the partition, every message but the first is paid for: a short last one costs little', () => {
    assert.equal(neededAtPaceMs(WHOLE, RATE, true), 3_008 + 5 * PER_MESSAGE_ALLOWANCE_MS);
  });

  it('nothing left needs no time', () => {
    assert.equal(neededAtPaceMs({ bytes: 0, messages: 0, firstMessageBytes: 0, lastMessageBytes: 0 }, RATE, true), 0);
  });

  it('is the time the bytes before the last message take at the rate, and a round trip per message', () => {
    assert.equal(neededAtPaceMs(remaining([1_000_000, 1_000_000, 1_000_000]), 1_000_000, false), 2_000 + 3 * PER_MESSAGE_ALLOWANCE_MS);
    assert.equal(neededAtPaceMs(remaining([1_000]), 1_000, false), PER_MESSAGE_ALLOWANCE_MS);
    assert.equal(neededAtPaceMs(remaining([500, 500, 500]), 2_000, false), 500 + 3 * PER_MESSAGE_ALLOWANCE_MS);
  });

  it('matches what the pacer waits for equal messages', async () => {
    const clock = new FakeClock();
    const sizes = Array.from({ length: 10 }, () => 400_000);
    const sentAt = await pace(clock, new Pacer(clock, 1_000_000), sizes);
    assert.equal(sentAt.at(-1), neededAtPaceMs(remaining(sizes), 1_000_000, false) - sizes.length * PER_MESSAGE_ALLOWANCE_MS);
  });

  it('is, less the round trips, when the pacer sends the last message, on either pace (chunks as a plan makes them: a short last one)', async () => {
    const random = seededRandom(5);
    for (let round = 0; round < 50; round++) {
      const full = 1 + Math.floor(random() * 1_000_000);
      const sizes = [...Array.from({ length: 1 + Math.floor(random() * 8) }, () => full), 1 + Math.floor(random() * full)];
      const rate = 1_000 + Math.floor(random() * 2_000_000);

      const clock = new FakeClock();
      const averageAt = await pace(clock, new Pacer(clock, rate), sizes);
      assert.ok(Math.abs(averageAt.at(-1)! - (neededAtPaceMs(remaining(sizes), rate, false) - sizes.length * PER_MESSAGE_ALLOWANCE_MS)) < 0.01, `average pace, round ${round}`);

      // Following the partition: a first message was throttled, then accepted; the rest follow it.
      const pacer = new Pacer(clock, rate);
      await pacer.waitToSend(full);
      pacer.recordSent(full, true);
      const followingAt = await pace(clock, pacer, sizes);
      const fromFirst = followingAt.at(-1)! - followingAt[0]!;
      const estimate = neededAtPaceMs(remaining(sizes), rate, true) - sizes.length * PER_MESSAGE_ALLOWANCE_MS;
      assert.ok(Math.abs(fromFirst - estimate) < 0.01, `following the partition, round ${round}: ${fromFirst} ms, estimated ${estimate} ms`);
    }
  });
});

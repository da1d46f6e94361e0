import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeProgress, MIN_RATE_SPAN_MS, observedRate, yieldAfterThrottleMs, type ProgressReading } from '../../../src/delivery/contention';
import type { Remaining } from '../../../src/publish/pacer';
import { seededRandom } from '../support/fakes';

const RATE = 1_000_000;
/** A 3 MB object at the default budget: four full messages and a short last one. */
const WHOLE: Remaining = { bytes: 4_008_000, messages: 5, firstMessageBytes: 1_000_000, lastMessageBytes: 8_000 };

function reading(overrides: Partial<ProgressReading> = {}): ProgressReading {
  return { remaining: WHOLE, leftMs: 10_000, throttled: false, followsPartition: false, ...overrides };
}

describe('yieldAfterThrottleMs', () => {
  const yields = (progress: { started: boolean; remainingShare: number }) => {
    const random = seededRandom(11);
    return Array.from({ length: 500 }, () => yieldAfterThrottleMs(progress, random));
  };

  it('a delivery that has not started yields more than any delivery under way', () => {
    const notStarted = Math.min(...yields({ started: false, remainingShare: 1 }));
    const underWay = Math.max(...yields({ started: true, remainingShare: 1 }));
    assert.ok(notStarted > underWay, `not started ${notStarted} ms, under way up to ${underWay} ms`);
  });

  it('among deliveries under way, the one with less left yields less; one about to finish hardly at all', () => {
    const at = (share: number) => yields({ started: true, remainingShare: share });
    assert.ok(Math.max(...at(0.25)) < Math.min(...at(0.75)));
    assert.ok(Math.max(...at(0.002)) <= 1);
  });

  it('spreads deliveries told the same wait over up to half again, never less than the base', () => {
    const values = yields({ started: false, remainingShare: 1 });
    const low = Math.min(...values);
    assert.ok(Math.max(...values) <= low * 1.5 + 1);
    assert.ok(new Set(values).size > 20, 'not all the same');
  });
});

describe('observedRate', () => {
  it('is 0 before the first chunk, unknown over a short span, bytes per second after it', () => {
    assert.equal(observedRate({}), 0);
    assert.equal(observedRate({ sinceFirstChunk: { bytes: 1_000_000, spanMs: MIN_RATE_SPAN_MS - 1 } }), null);
    assert.equal(observedRate({ sinceFirstChunk: { bytes: 1_000_000, spanMs: 4_000 } }), 250_000);
  });
});

describe('judgeProgress', () => {
  it('goes on while the rest fits the time left at the pace', () => {
    assert.deepEqual(judgeProgress(reading({ leftMs: 4_250 }), RATE), { go: true });
  });

  it('steps aside before starting when even the pace cannot make it, reporting 0 bytes/s seen', () => {
    assert.deepEqual(judgeProgress(reading({ leftMs: 3_000, throttled: true }), RATE), {
      go: false,
      seen: { observedBytesPerSecond: 0, neededMs: 3_258, leftMs: 3_000 },
    });
  });

  it('a throttled delivery is judged at the partition-following pace (the short last chunk goes at once)', () => {
    assert.deepEqual(judgeProgress(reading({ leftMs: 3_300, throttled: true }), RATE), { go: true });
    assert.equal(judgeProgress(reading({ leftMs: 3_300 }), RATE).go, false, 'at the average pace it would not fit');
  });

  it('stops part-way when the rest no longer fits, reporting the rate it was given', () => {
    const rest: Remaining = { bytes: 2_008_000, messages: 3, firstMessageBytes: 1_000_000, lastMessageBytes: 8_000 };
    const verdict = judgeProgress(
      reading({ remaining: rest, leftMs: 900, throttled: true, followsPartition: true, sinceFirstChunk: { bytes: 1_000_000, spanMs: 5_000 } }),
      RATE,
    );
    assert.deepEqual(verdict, { go: false, seen: { observedBytesPerSecond: 200_000, neededMs: 1_158, leftMs: 900 } });
  });

  it('a delivery overtaken by another keeps its place while the rest still fits: a slow rate alone does not stop it', () => {
    const rest: Remaining = { bytes: 2_008_000, messages: 3, firstMessageBytes: 1_000_000, lastMessageBytes: 8_000 };
    const starved = reading({ remaining: rest, leftMs: 6_000, throttled: true, followsPartition: true, sinceFirstChunk: { bytes: 1_000_000, spanMs: 8_000 } });
    assert.deepEqual(judgeProgress(starved, RATE), { go: true });
  });
});

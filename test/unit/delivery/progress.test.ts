import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChunkedPlan } from '../../../src/delivery/plan';
import { ChunkProgress } from '../../../src/delivery/progress';
import { base64Length } from '../../../src/message/base64';
import { FakeClock } from '../support/fakes';

/** A plan as planDelivery makes it: `count` envelopes of `envelope` bytes plus the base64 of every chunk. */
function plan(size: number, chunkSize: number, envelope: number): ChunkedPlan {
  const count = Math.ceil(size / chunkSize);
  const fullMessageBytes = envelope + base64Length(chunkSize);
  const lastMessageBytes = envelope + base64Length(size - (count - 1) * chunkSize);
  return { delivery: 'chunked', chunkSize, count, fullMessageBytes, lastMessageBytes, totalMessageBytes: (count - 1) * fullMessageBytes + lastMessageBytes };
}

describe('ChunkProgress', () => {
  it('knows the bytes still to send, message by message, from the plan alone', () => {
    const clock = new FakeClock();
    const progress = new ChunkProgress(clock, plan(3_000_000, 745_000, 2_000));
    const full = 2_000 + base64Length(745_000);
    const last = 2_000 + base64Length(3_000_000 - 4 * 745_000);
    assert.deepEqual(progress.remaining(), { bytes: 4 * full + last, messages: 5, firstMessageBytes: full, lastMessageBytes: last });
    for (let i = 0; i < 4; i++) progress.recordAccepted(full);
    assert.deepEqual(progress.remaining(), { bytes: last, messages: 1, firstMessageBytes: last, lastMessageBytes: last });
    progress.recordAccepted(last);
    assert.deepEqual(progress.remaining(), { bytes: 0, messages: 0, firstMessageBytes: 0, lastMessageBytes: 0 });
  });

  it('measures what the partition accepted after the first chunk, over the time since it', () => {
    const clock = new FakeClock();
    const progress = new ChunkProgress(clock, plan(3_000_000, 745_000, 2_000));
    assert.equal(progress.reading(5_000, true, false).sinceFirstChunk, undefined);
    assert.deepEqual(progress.share(), { started: false, remainingShare: 1 });
    progress.recordAccepted(1_000_000);
    clock.advance(1_500);
    progress.recordAccepted(1_000_000);
    clock.advance(500);
    const reading = progress.reading(5_000, true, true);
    assert.deepEqual(reading.sinceFirstChunk, { bytes: 1_000_000, spanMs: 2_000 });
    assert.equal(reading.followsPartition, true);
    assert.equal(progress.share().started, true);
    assert.ok(progress.share().remainingShare > 0.5 && progress.share().remainingShare < 0.6);
  });
});

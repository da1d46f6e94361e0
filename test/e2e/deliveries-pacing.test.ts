import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markedContent } from '../support/content';
import { createTestCredentials } from '../support/credentials';
import { deliverPlanned, probeInlineLimit, type Budget } from './support/objects-sizing';
import { type ContractMessage } from './support/stream-reading';
import { worldForSuite } from './support/suite';

// Key generation is slow on a busy machine: both worlds of this file share one set.
const credentials = createTestCredentials();

describe('a partition that throttles mid-delivery', () => {
  const BUDGET: Budget = { maxMessageBytes: 8192, maxObjectBytes: 67_108_864 };
  const suite = worldForSuite(() => {
    // The partition takes two chunks at once, then 2 chunks a second; the function is set to
    // pace far faster, so entries are throttled from the third chunk on.
    return {
      credentials,
      emulator: { partitionBytesPerSecond: 2 * BUDGET.maxMessageBytes },
      config: { MAX_MESSAGE_BYTES: String(BUDGET.maxMessageBytes), PUBLISH_BYTES_PER_SECOND: '50000000' },
    };
  }, { maxMessageBytes: BUDGET.maxMessageBytes });

  test('throttled chunks are retried until the object is complete, in order and verified', async () => {
    const { answer, reading } = await deliverPlanned(suite.world, suite.tap, BUDGET, 'throttled/mid-delivery.bin', markedContent(28_000), 'chunked');

    const puts = reading.requests.filter((r) => r.operation === 'putMessages').length;
    assert.ok(puts > answer.messages, `${puts} PutMessages for ${answer.messages} chunks: some entries were throttled and sent again`);
    assert.deepEqual(reading.messages.map((m) => m.value.data.chunk.index), [...Array(answer.messages).keys()]);
  });
});

describe('the default 1,000,000-byte budget and pace', () => {
  const BUDGET: Budget = { maxMessageBytes: 1_000_000, maxObjectBytes: 67_108_864 };
  const PACE = 1_000_000;
  const suite = worldForSuite(() => ({ credentials }));

  function deliver(name: string, content: Buffer, delivery: 'inline' | 'chunked') {
    return deliverPlanned(suite.world, suite.tap, BUDGET, name, content, delivery);
  }

  /**
   * The pacer holds each chunk until the bytes before it are paid for at PACE, counted from the
   * first send, which is after the invocation started: so the last chunk cannot be stored sooner.
   */
  function assertPaced(messages: readonly ContractMessage[], invokedAt: number): void {
    const owed = messages.slice(0, -1).reduce((sum, m) => sum + m.size, 0);
    const spanMs = messages.at(-1)!.timestamp.getTime() - invokedAt;
    const expectedMs = (owed * 1000) / PACE;
    // 1 ms for the Date resolution of the stored timestamp.
    assert.ok(spanMs >= expectedMs - 1, `last chunk stored ${spanMs} ms after the call; the pace needs at least ${expectedMs} ms`);
    assert.ok(spanMs <= expectedMs + 5_000, `last chunk stored ${spanMs} ms after the call, far slower than the pace (${expectedMs} ms)`);
  }

  test('the inline boundary holds at the default budget', async () => {
    const name = 'default/boundary.bin';
    const limit = probeInlineLimit(suite.world, name, BUDGET);
    assert.ok(limit > 740_000 && limit < 750_000, `inline limit ${limit}`);

    const inline = await deliver(name, markedContent(limit), 'inline');
    assert.ok(inline.reading.messages[0]!.size <= BUDGET.maxMessageBytes);
    const chunked = await deliver(name, markedContent(limit + 1), 'chunked');
    assert.equal(chunked.answer.messages, 2);
    assertPaced(chunked.reading.messages, chunked.invokedAt);
  });

  test('a multi-megabyte object goes in full-size chunks at the default pace', async () => {
    const content = markedContent(2_100_000);
    const { answer, reading, invokedAt } = await deliver('default/large.bin', content, 'chunked');
    assert.equal(answer.messages, 3);
    for (const message of reading.messages.slice(0, -1)) assert.ok(message.size > BUDGET.maxMessageBytes - 128, `${message.size} bytes`);
    assertPaced(reading.messages, invokedAt);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markedContent } from '../support/content';
import { DEFAULT_CONTENT_TYPE, deliverPlanned, probeExactChunks, probeInlineLimit, type Budget } from './support/objects-sizing';
import { expectPublished } from './support/stream-expect';
import { sha256Hex } from './support/stream-reading';
import { worldForSuite } from './support/suite';

/** A small message budget keeps chunked cases small and fast; pacing is set well out of the way. */
const BUDGET: Budget = { maxMessageBytes: 8192, maxObjectBytes: 30_000 };

const suite = worldForSuite(() => ({
    config: {
      MAX_MESSAGE_BYTES: String(BUDGET.maxMessageBytes),
      MAX_OBJECT_BYTES: String(BUDGET.maxObjectBytes),
      PUBLISH_BYTES_PER_SECOND: '50000000',
    },
  }), { maxMessageBytes: BUDGET.maxMessageBytes });

function deliver(name: string, content: Buffer, delivery: 'inline' | 'chunked') {
  return deliverPlanned(suite.world, suite.tap, BUDGET, name, content, delivery);
}

describe('inline', () => {
  test('an empty object goes inline with content "" and the sha256 of nothing', async () => {
    const { answer, reading } = await deliver('empty.bin', markedContent(0), 'inline');
    const { data } = reading.messages[0]!.value;
    assert.equal(data.content, '', 'content is present and empty');
    assert.equal(data.object.size, 0);
    assert.equal(data.object.sha256, sha256Hex(Buffer.alloc(0)));
    assert.equal(answer.bytes, 0);
  });

  test('a 1-byte object goes inline', async () => {
    const content = markedContent(1);
    const { reading } = await deliver('one-byte.bin', content, 'inline');
    assert.equal(reading.messages[0]!.value.data.content, content.toString('base64'));
  });

  test('delivery switches from inline to chunked exactly where the inline message stops fitting', async () => {
    const name = 'boundary.bin';
    const limit = probeInlineLimit(suite.world, name, BUDGET);

    await deliver(name, markedContent(limit - 1), 'inline');
    const atLimit = await deliver(name, markedContent(limit), 'inline');
    const over = await deliver(name, markedContent(limit + 1), 'chunked');

    // Checked apart from the planner: the inline message at the limit fits, one more byte would not.
    const message = atLimit.reading.messages[0]!;
    assert.ok(message.size <= BUDGET.maxMessageBytes);
    assert.ok(Buffer.from(JSON.stringify(message.value)).equals(message.raw), 'the value re-serializes byte for byte');
    const grown = structuredClone(message.value);
    grown.data.content = markedContent(limit + 1).toString('base64');
    grown.data.object.size = limit + 1;
    const grownSize = Buffer.byteLength(JSON.stringify(grown)) + Buffer.byteLength(message.key);
    assert.ok(grownSize > BUDGET.maxMessageBytes, `one more byte inline would be ${grownSize} bytes`);
    assert.equal(over.answer.messages, 2);
  });
});

describe('chunked', () => {
  test('a larger object is split into ordered chunks as large as the budget allows', async () => {
    const content = markedContent(25_000);
    const { answer, reading, planned } = await deliver('several/chunks.bin', content, 'chunked');
    assert.ok(planned.delivery === 'chunked');
    assert.equal(answer.messages, planned.count);
    assert.ok(planned.count >= 5, `${planned.count} chunks`);
    const chunks = reading.messages.map((m) => m.value.data.chunk);
    assert.deepEqual(chunks.map((c) => c.index), [...Array(planned.count).keys()]);
    for (const [index, message] of reading.messages.entries()) {
      const last = index === reading.messages.length - 1;
      assert.equal(message.value.data.chunk.size, last ? content.byteLength - (planned.count - 1) * planned.chunkSize : planned.chunkSize);
      // Every chunk is sized for the widest envelope (digest present, numbers at full width).
      if (!last) assert.ok(message.size > BUDGET.maxMessageBytes - 128, `chunk ${index} uses ${message.size} of ${BUDGET.maxMessageBytes} bytes`);
      assert.equal(message.value.data.object.sha256, last ? sha256Hex(content) : null);
      assert.equal(message.value.data.object.size, content.byteLength);
    }
  });

  test('an object of exactly k chunks ends on a chunk boundary with no empty chunk', async () => {
    const name = 'aligned.bin';
    const { size, chunkSize } = probeExactChunks(suite.world, name, BUDGET, 3);

    const { reading } = await deliver(name, markedContent(size), 'chunked');

    assert.deepEqual(
      reading.messages.map((m) => m.value.data.chunk),
      [0, 1, 2].map((index) => ({ index, count: 3, offset: index * chunkSize, size: chunkSize })),
    );
  });

  test('an object of exactly MAX_OBJECT_BYTES is still delivered as content', async () => {
    await deliver('max-object.bin', markedContent(BUDGET.maxObjectBytes), 'chunked');
  });
});

describe('reference', () => {
  test('an object over MAX_OBJECT_BYTES is published as a reference saying why', async () => {
    const name = 'too-big.bin';
    const content = markedContent(BUDGET.maxObjectBytes + 1);
    const { eTag, versionId } = suite.world.upload(name, content);
    const event = suite.world.eventFor('createobject-unversioned', { name, eTag });

    const { answer, reading } = await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event), { name, delivery: 'reference', event });

    assert.match(answer.reason, /MAX_OBJECT_BYTES \(30000\)/);
    assert.equal(answer.bytes, content.byteLength);
    const { object } = reading.messages[0]!.value.data;
    assert.deepEqual(object, { namespace: 'examplens', bucket: 'uploads', name, size: content.byteLength, contentType: DEFAULT_CONTENT_TYPE, eTag, versionId, sha256: null });
  });

  for (const archivalState of ['Archived', 'Restoring'] as const) {
    test(`archivalState ${archivalState}: published as a reference without trying to read the object`, async () => {
      const name = `cold/${archivalState}.bin`;
      const { eTag } = suite.world.upload(name, markedContent(100), { archivalState });
      const event = suite.world.eventFor('createobject-unversioned', { name, eTag, archivalState });

      const { answer, reading } = await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event), { name, delivery: 'reference', event });

      assert.match(answer.reason, /restor/i);
      assert.deepEqual(reading.requests.filter((r) => r.operation === 'getObject'), [], 'no getObject request');
      assert.equal(reading.messages[0]!.value.data.object.size, null);
    });
  }

  test('a restored object is read and delivered as content', async () => {
    const name = 'cold/restored.bin';
    const content = markedContent(300);
    const { eTag } = suite.world.upload(name, content, { archivalState: 'Restored' });
    const event = suite.world.eventFor('createobject-unversioned', { name, eTag, archivalState: 'Restored' });
    await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event), { name, delivery: 'inline', content, event });
  });
});

describe('the same event twice', () => {
  for (const [delivery, size] of [['inline', 2_000], ['chunked', 20_000]] as const) {
    test(`${delivery}: identical keys, ids and values`, async () => {
      const name = `twice/${delivery}.bin`;
      const content = markedContent(size);
      const { eTag } = suite.world.upload(name, content);
      const event = suite.world.eventFor('createobject-unversioned', { name, eTag });

      const first = await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event), { name, delivery, content, event });
      const second = await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event), { name, delivery, content, event });

      const summary = (messages: typeof first.reading.messages) => messages.map((m) => ({ key: m.key, id: m.value.id, raw: m.raw.toString('base64') }));
      assert.deepEqual(summary(second.reading.messages), summary(first.reading.messages));
      assert.deepEqual(
        first.reading.messages.map((m) => m.value.id),
        delivery === 'inline' ? [event.eventID] : first.reading.messages.map((_, index) => `${event.eventID}/${index}`),
      );
    });
  }
});

describe('throttled entries', () => {
  test('per-entry 429s are retried and the chunks still arrive complete and in order', async () => {
    const content = markedContent(20_000);
    suite.world.emulator.injectFault({
      operation: 'putMessages',
      times: 3,
      entryFailures: [{ index: 0, error: '429', errorMessage: 'Request was throttled because bytes limit exhausted, next request can be made in 50 ms' }],
    });
    const { answer, reading } = await deliver('throttled/at-start.bin', content, 'chunked');
    const puts = reading.requests.filter((r) => r.operation === 'putMessages').length;
    assert.equal(puts, answer.messages + 3, 'each throttled attempt was sent again');
  });
});

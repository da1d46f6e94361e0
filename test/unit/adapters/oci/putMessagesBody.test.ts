import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { putMessagesBody, wholeBufferOf } from '../../../../src/adapters/oci/putMessagesBody';

const message = (key: string, valueBytes: number) => ({ key: Buffer.from(key), value: randomBytes(valueBytes) });

describe('putMessagesBody', () => {
  it("is PutMessagesDetails' JSON: each entry's key and value in base64, in order", () => {
    // Sizes around the 48 KiB slices the base64 is written in, and each remainder modulo 3.
    for (const size of [0, 1, 2, 3, 4, 49_151, 49_152, 49_153, 98_305, 1_000_000]) {
      const messages = [message('ns/bucket/a.txt', size), message('ns/bucket/b.txt', 7)];
      const body = putMessagesBody(messages);
      const expected = JSON.stringify({ messages: messages.map((m) => ({ key: m.key.toString('base64'), value: m.value.toString('base64') })) });
      assert.equal(body.toString('latin1'), expected, `value of ${size} bytes`);
    }
    assert.equal(putMessagesBody([]).toString(), '{"messages":[]}');
  });

  it('writes into the spare buffer when it is large enough, and into a buffer of its own otherwise', () => {
    const first = putMessagesBody([message('k', 1_000)]);
    assert.equal(first.buffer.byteLength, first.byteLength, 'a buffer of its own, not a slice of the shared pool');
    const spare = wholeBufferOf(first);

    const smaller = putMessagesBody([message('k', 500)], spare);
    assert.equal(smaller.buffer, spare.buffer, 'a smaller body reuses the spare');
    assert.deepEqual(JSON.parse(smaller.toString()).messages[0].key, Buffer.from('k').toString('base64'));

    const larger = putMessagesBody([message('k', 5_000)], spare);
    assert.notEqual(larger.buffer, spare.buffer, 'a larger body gets a new buffer');
  });
});

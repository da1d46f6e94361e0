import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { models, type StreamClient } from 'oci-streaming';
import { startEmulator, type Emulator } from '../../emulator';
import { createTestCredentials } from '../../support/credentials';
import { failureOf, resourcePrincipalProvider, streamClient } from './sdk-clients';

const { Type } = models.CreateCursorDetails;
const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');

describe('Streaming emulator with the real SDK', () => {
  const credentials = createTestCredentials();
  let emulator: Emulator;
  let client: StreamClient;

  before(async () => {
    emulator = await startEmulator({ trustedIssuerPublicKeyPem: credentials.issuerPublicKeyPem, partitions: 3, maxRequestBytes: 4000, maxMessageBytes: 2000 });
    client = streamClient(resourcePrincipalProvider(credentials), emulator.url);
  });
  after(() => emulator.close());

  it('round-trips putMessages, createCursor and getMessages', async () => {
    const streamId = emulator.createStream('events');
    const messages = [
      { key: b64('ns/bucket/a.txt'), value: b64('first') },
      { key: b64('ns/bucket/a.txt'), value: b64('second') },
      { value: b64('no key') },
    ];
    const put = await client.putMessages({ streamId, putMessagesDetails: { messages } });
    assert.equal(put.putMessagesResult.failures, 0);
    const [first, second] = put.putMessagesResult.entries;
    assert.ok(first && second);
    assert.equal(first.partition, second.partition, 'one key, one partition');
    assert.equal(second.offset, (first.offset ?? 0) + 1);
    assert.ok(first.timestamp);

    const cursor = await client.createCursor({ streamId, createCursorDetails: { partition: String(first.partition), type: Type.TrimHorizon } });
    const read = await client.getMessages({ streamId, cursor: cursor.cursor.value, limit: 1 });
    assert.equal(read.items.length, 1);
    const [message] = read.items;
    assert.equal(message?.stream, 'events');
    assert.equal(message?.partition, first.partition);
    assert.equal(message?.key, b64('ns/bucket/a.txt'));
    assert.equal(message?.value, b64('first'));
    assert.equal(message?.offset, 0);
    assert.ok(read.opcNextCursor);

    const rest = await client.getMessages({ streamId, cursor: read.opcNextCursor });
    const keyed = rest.items.filter((m) => m.key !== null);
    assert.deepEqual(keyed.map((m) => Buffer.from(m.value, 'base64').toString()), ['second']);

    const stored = emulator.messages(streamId);
    assert.equal(stored.length, 3);
    assert.equal(stored.find((m) => m.key === null)?.value.toString(), 'no key');
  });

  it('takeMessages hands over only what is new, forgets the values and keeps the offsets', async () => {
    const streamId = emulator.createStream('taken');
    const put = (value: string) => client.putMessages({ streamId, putMessagesDetails: { messages: [{ key: b64('k'), value: b64(value) }] } });
    await put('one');
    await put('two');
    assert.deepEqual(emulator.takeMessages(streamId).map((m) => [m.offset, m.value.toString()]), [[0, 'one'], [1, 'two']]);
    assert.deepEqual(emulator.takeMessages(streamId), []);
    await put('three');
    assert.deepEqual(emulator.takeMessages(streamId).map((m) => [m.offset, m.value.toString()]), [[2, 'three']]);
    assert.deepEqual(emulator.messages(streamId).map((m) => [m.offset, m.value.byteLength]), [[0, 0], [1, 0], [2, 0]]);
  });

  it('positions cursors AT_OFFSET, AFTER_OFFSET and LATEST', async () => {
    const streamId = emulator.createStream();
    const key = b64('same key');
    const put = await client.putMessages({ streamId, putMessagesDetails: { messages: ['a', 'b', 'c'].map((v) => ({ key, value: b64(v) })) } });
    const partition = String(put.putMessagesResult.entries[0]?.partition);
    const read = async (type: models.CreateCursorDetails.Type, offset?: number): Promise<string[]> => {
      const cursor = await client.createCursor({ streamId, createCursorDetails: { partition, type, ...(offset === undefined ? {} : { offset }) } });
      const page = await client.getMessages({ streamId, cursor: cursor.cursor.value });
      return page.items.map((m) => Buffer.from(m.value, 'base64').toString());
    };
    assert.deepEqual(await read(Type.AtOffset, 1), ['b', 'c']);
    assert.deepEqual(await read(Type.AfterOffset, 1), ['c']);
    assert.deepEqual(await read(Type.Latest), []);
  });

  it('rejects a partition out of range with 400 InvalidParameter', async () => {
    const streamId = emulator.createStream();
    const error = await failureOf(client.createCursor({ streamId, createCursorDetails: { partition: '3', type: Type.TrimHorizon } }));
    assert.equal(error.statusCode, 400);
    assert.equal(error.serviceCode, 'InvalidParameter');
  });

  it('answers 404 NotAuthorizedOrNotFound for an unknown stream', async () => {
    const error = await failureOf(client.putMessages({ streamId: 'ocid1.stream.oc1.iad.nosuchstream', putMessagesDetails: { messages: [{ value: b64('x') }] } }));
    assert.equal(error.statusCode, 404);
    assert.equal(error.serviceCode, 'NotAuthorizedOrNotFound');
  });

  it('rejects the whole request when a key, a value or the request is over its limit', async () => {
    const streamId = emulator.createStream();
    const cases: Array<[string, Array<{ key?: string; value: string }>, RegExp]> = [
      ['key', [{ key: b64(Buffer.alloc(257)), value: b64('x') }], /256 bytes/],
      ['value', [{ value: b64(Buffer.alloc(2001)) }], /2000 bytes per message/],
      ['request', [1, 2, 3].map(() => ({ value: b64(Buffer.alloc(1500)) })), /4000 bytes per request/],
    ];
    for (const [what, messages, limit] of cases) {
      const error = await failureOf(client.putMessages({ streamId, putMessagesDetails: { messages } }));
      assert.equal(error.statusCode, 400, what);
      assert.equal(error.serviceCode, 'InvalidParameter', what);
      assert.match(error.message, limit, what);
    }
    const atLimit = await client.putMessages({ streamId, putMessagesDetails: { messages: [{ key: b64(Buffer.alloc(256)), value: b64(Buffer.alloc(2000)) }] } });
    assert.equal(atLimit.putMessagesResult.failures, 0);
    assert.equal(emulator.messages(streamId).length, 1);
  });
});

describe('Streaming emulator rate limit', () => {
  const credentials = createTestCredentials();
  let emulator: Emulator;
  let client: StreamClient;

  before(async () => {
    emulator = await startEmulator({ partitionBytesPerSecond: 1000 });
    client = streamClient(resourcePrincipalProvider(credentials), emulator.url);
  });
  after(() => emulator.close());

  it('throttles entries beyond the partition budget per entry, with HTTP 200', async () => {
    const streamId = emulator.createStream();
    const messages = [600, 600, 10].map((size) => ({ value: b64(Buffer.alloc(size)) }));
    const put = await client.putMessages({ streamId, putMessagesDetails: { messages } });
    assert.equal(put.putMessagesResult.failures, 2);
    const [ok, throttled, afterThrottle] = put.putMessagesResult.entries;
    assert.equal(ok?.error, undefined);
    assert.equal(throttled?.error, '429');
    assert.match(throttled?.errorMessage ?? '', /^Request was throttled because bytes limit exhausted, next request can be made in \d+ ms$/);
    assert.equal(afterThrottle?.error, '429', 'a partition stays throttled for the rest of the request, keeping order');

    await sleep(300);
    const retry = await client.putMessages({ streamId, putMessagesDetails: { messages: messages.slice(1) } });
    assert.equal(retry.putMessagesResult.failures, 0);
    assert.deepEqual(emulator.messages(streamId).map((m) => m.value.length), [600, 600, 10]);
  });
});

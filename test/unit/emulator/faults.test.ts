import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ObjectStorageClient } from 'oci-objectstorage';
import { models, type StreamClient } from 'oci-streaming';
import { startEmulator, type Emulator } from '../../emulator';
import { createTestCredentials } from '../../support/credentials';
import { apiKeyProvider, failureOf, objectStorageClient, readAll, streamClient } from './sdk-clients';

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const NS = 'ns';
const BUCKET = 'b';

describe('Emulator faults', () => {
  const credentials = createTestCredentials();
  let emulator: Emulator;
  let os: ObjectStorageClient;
  let streams: StreamClient;
  let streamId: string;

  before(async () => {
    emulator = await startEmulator({ trustedApiKeys: [{ keyId: credentials.apiKey.keyId, publicKeyPem: credentials.apiKey.publicKeyPem }] });
    os = objectStorageClient(apiKeyProvider(credentials), emulator.url);
    streams = streamClient(apiKeyProvider(credentials), emulator.url);
    emulator.putObject(NS, BUCKET, 'object.txt', Buffer.from('0123456789'));
  });
  beforeEach(() => {
    emulator.clearFaults();
    streamId = emulator.createStream();
  });
  after(() => emulator.close());

  const put = (values: string[]) => streams.putMessages({ streamId, putMessagesDetails: { messages: values.map((v) => ({ value: b64(v) })) } });

  it('fails chosen entries and accepts the rest, with HTTP 200', async () => {
    emulator.injectFault({ operation: 'putMessages', entryFailures: [{ index: 1, error: 'InternalServerError', errorMessage: 'boom' }] });
    const result = (await put(['a', 'b', 'c'])).putMessagesResult;
    assert.equal(result.failures, 1);
    assert.deepEqual(result.entries[1], { error: 'InternalServerError', errorMessage: 'boom' });
    assert.equal(result.entries[2]?.offset, 1);
    assert.deepEqual(emulator.messages(streamId).map((m) => m.value.toString()), ['a', 'c']);
    assert.equal((await put(['d'])).putMessagesResult.failures, 0, 'the fault applied once');
  });

  it('fails every entry with failAllEntries', async () => {
    emulator.injectFault({ operation: 'putMessages', failAllEntries: { error: '429', errorMessage: 'slow down' } });
    const result = (await put(['a', 'b'])).putMessagesResult;
    assert.equal(result.failures, 2);
    assert.deepEqual(emulator.messages(streamId), []);
  });

  it('applies a fault limited to some message values only to requests carrying one, and keeps it for them', async () => {
    emulator.injectFault({ operation: 'putMessages', whenValueIncludes: '"delivery":"reference"', failAllEntries: { error: '429', errorMessage: 'later' }, times: 1 });
    assert.equal((await put(['{"delivery":"chunked"}'])).putMessagesResult.failures, 0, 'another message passes it by');
    const refused = (await put(['{"delivery":"reference"}'])).putMessagesResult;
    assert.equal(refused.failures, 1);
    assert.deepEqual(refused.entries[0], { error: '429', errorMessage: 'later' });
    assert.equal((await put(['{"delivery":"reference"}'])).putMessagesResult.failures, 0, 'the fault applied once');
  });

  it('answers an injected status with an OCI error body and request id', async () => {
    emulator.injectFault({ operation: 'getObject', status: 503, code: 'ServiceUnavailable', times: 2 });
    for (let i = 0; i < 2; i++) {
      const error = await failureOf(os.getObject({ namespaceName: NS, bucketName: BUCKET, objectName: 'object.txt' }));
      assert.equal(error.statusCode, 503);
      assert.equal(error.serviceCode, 'ServiceUnavailable');
      assert.match((error as unknown as { opcRequestId: string }).opcRequestId, /^[0-9A-F]{32}$/);
    }
    const response = await os.getObject({ namespaceName: NS, bucketName: BUCKET, objectName: 'object.txt' });
    assert.equal((await readAll(response.value)).toString(), '0123456789');
  });

  it('matches faults in injection order, per operation', async () => {
    emulator.injectFault({ operation: 'createCursor', status: 500 });
    emulator.injectFault({ operation: 'putMessages', status: 429, code: 'TooManyRequests' });
    emulator.injectFault({ operation: 'putMessages', status: 500, code: 'InternalServerError' });
    assert.equal((await failureOf(put(['a']))).statusCode, 429);
    assert.equal((await failureOf(put(['a']))).statusCode, 500);
    assert.equal((await put(['a'])).putMessagesResult.failures, 0);
    const cursor = failureOf(streams.createCursor({ streamId, createCursorDetails: { partition: '0', type: models.CreateCursorDetails.Type.TrimHorizon } }));
    assert.equal((await cursor).statusCode, 500);
  });

  it('delays an answer', async () => {
    emulator.injectFault({ operation: 'headObject', delayMs: 150 });
    const started = Date.now();
    await os.headObject({ namespaceName: NS, bucketName: BUCKET, objectName: 'object.txt' });
    assert.ok(Date.now() - started >= 140);
  });

  it('resets the connection without answering', async () => {
    emulator.injectFault({ operation: 'putMessages', reset: true });
    await assert.rejects(put(['a']));
    assert.equal(emulator.requests().at(-1)?.status, 0);
    assert.deepEqual(emulator.messages(streamId), []);
  });

  it('truncates an object body mid-stream', async () => {
    emulator.injectFault({ operation: 'getObject', truncateBodyAfterBytes: 4 });
    const response = await os.getObject({ namespaceName: NS, bucketName: BUCKET, objectName: 'object.txt' });
    assert.equal(response.contentLength, 10);
    await assert.rejects(readAll(response.value));
  });

  it('applies a fault forever with times: Infinity until cleared', async () => {
    emulator.injectFault({ operation: 'headObject', status: 500, times: Infinity });
    for (let i = 0; i < 3; i++) {
      assert.equal((await failureOf(os.headObject({ namespaceName: NS, bucketName: BUCKET, objectName: 'object.txt' }))).statusCode, 500);
    }
    emulator.clearFaults();
    await os.headObject({ namespaceName: NS, bucketName: BUCKET, objectName: 'object.txt' });
  });
});

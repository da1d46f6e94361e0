import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { ObjectStorageClient } from 'oci-objectstorage';
import { OciObjectSource, type SdkCallScope } from '../../../../src/adapters/oci/objectSource';
import { systemClock } from '../../../../src/adapters/systemClock';
import { NetworkFailureError, TransientRemoteError } from '../../../../src/errors';
import { fateOf } from '../../../../src/failure/fate';
import type { PinnedObject } from '../../../../src/ports';

const OBJECT: PinnedObject = { namespace: 'examplens', bucket: 'uploads', name: 'hello.txt', versionId: null, eTag: 'etag-1' };
const PIECES = [Buffer.from('first piece '), Buffer.from('second piece '), Buffer.from('third piece')];

/** A response body like the SDK's: a web stream that records whether it was cancelled. */
function trackedBody(pieces: readonly Buffer[] = PIECES) {
  const tracked = {
    cancelled: false,
    pulled: 0,
    /** Settles when the stream is cancelled, so a test can wait for a cancel that happens later. */
    cancellation: undefined as unknown as Promise<void>,
    stream: undefined as unknown as ReadableStream<Uint8Array>,
  };
  let onCancel!: () => void;
  tracked.cancellation = new Promise<void>((resolve) => (onCancel = resolve));
  tracked.stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const piece = pieces[tracked.pulled++];
        if (piece) controller.enqueue(Uint8Array.from(piece));
        else controller.close();
      },
      cancel() {
        tracked.cancelled = true;
        onCancel();
      },
    },
    // No read-ahead: what was pulled is exactly what the reader asked for.
    { highWaterMark: 0 },
  );
  return tracked;
}

function responseWith(value: ReadableStream<Uint8Array> | Readable, contentLength = 36) {
  return { value, contentLength, contentType: 'text/plain', eTag: 'etag-1', versionId: 'v-1', opcRequestId: 'req-1' };
}

/** The SDK call as it is, with no transport to abandon its requests. */
const unscoped: SdkCallScope = { abandonedOnAbort: (_signal, call) => call('client-request-id') };

/** Only getObject is used by open(); the rest of the SDK client is not needed. */
function clientWith(getObject: () => Promise<unknown>): ObjectStorageClient {
  return { getObject } as unknown as ObjectStorageClient;
}

/** Waits for `promise`, failing (instead of hanging) when it does not settle in time. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  const timeout = delay(ms).then(() => assert.fail(`${what} did not happen within ${ms} ms`));
  return Promise.race([promise, timeout]);
}

describe('OciObjectSource.open', () => {
  it('serves the body in order with the response metadata', async () => {
    const body = trackedBody();
    const source = new OciObjectSource(clientWith(async () => responseWith(body.stream)), unscoped, systemClock);
    const opened = await source.open(OBJECT, { timeoutMs: 5_000 });
    assert.deepEqual(opened.metadata, { size: 36, contentType: 'text/plain', eTag: 'etag-1', versionId: 'v-1', opcRequestId: 'req-1' });
    const read: Buffer[] = [];
    for await (const piece of opened.body) read.push(Buffer.from(piece));
    assert.ok(Buffer.concat(read).equals(Buffer.concat(PIECES)));
    await opened.discard();
    assert.equal(body.cancelled, false, 'a fully read body has nothing to cancel');
  });

  it('discard() after a partial read cancels the stream being read, releasing the connection', async () => {
    const body = trackedBody();
    const source = new OciObjectSource(clientWith(async () => responseWith(body.stream)), unscoped, systemClock);
    const opened = await source.open(OBJECT, { timeoutMs: 5_000 });
    const pieces = opened.body[Symbol.asyncIterator]();
    const first = await pieces.next();
    assert.ok(Buffer.from(first.value as Uint8Array).equals(PIECES[0]!));

    await opened.discard();

    assert.equal(body.cancelled, true, 'the body stream was cancelled');
    assert.equal(body.pulled, 1, 'nothing more was read from the connection');
  });

  it('discard() before any read cancels the stream', async () => {
    const body = trackedBody();
    const source = new OciObjectSource(clientWith(async () => responseWith(body.stream)), unscoped, systemClock);
    const opened = await source.open(OBJECT, { timeoutMs: 5_000 });
    await opened.discard();
    assert.equal(body.cancelled, true);
  });

  it('discard() destroys a Node Readable body after a partial read', async () => {
    const readable = Readable.from(PIECES, { objectMode: false });
    const source = new OciObjectSource(clientWith(async () => responseWith(readable)), unscoped, systemClock);
    const opened = await source.open(OBJECT, { timeoutMs: 5_000 });
    await opened.body[Symbol.asyncIterator]().next();
    await opened.discard();
    assert.equal(readable.destroyed, true);
  });

  it('cancels a response that arrives after the open timed out', async () => {
    const body = trackedBody();
    let answer!: (response: unknown) => void;
    const source = new OciObjectSource(clientWith(() => new Promise((resolve) => (answer = resolve))), unscoped, systemClock);

    await assert.rejects(source.open(OBJECT, { timeoutMs: 20 }), (error) => {
      assert.ok(error instanceof TransientRemoteError);
      assert.equal(error.message, 'Object Storage getObject timed out.');
      return true;
    });
    assert.equal(body.cancelled, false);

    answer(responseWith(body.stream));
    await within(body.cancellation, 1_000, 'cancelling the late response body');
    assert.equal(body.pulled, 0, 'the late body was never read');
  });

  it('leaves nothing unhandled when the request fails after the open timed out', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      let fail!: (error: unknown) => void;
      const source = new OciObjectSource(clientWith(() => new Promise((_, reject) => (fail = reject))), unscoped, systemClock);
      await assert.rejects(source.open(OBJECT, { timeoutMs: 20 }), TransientRemoteError);
      fail(new TypeError('fetch failed'));
      // Unhandled rejections are reported after the microtask queue drains.
      await delay(20);
    } finally {
      process.off('unhandledRejection', record);
    }
    assert.deepEqual(unhandled, []);
  });
});

describe('OciObjectSource body reads', () => {
  const IDLE = { bodyIdleMs: 150 };

  it('does not count time the reader spends paused (pacing) as a stall', async () => {
    const readable = Readable.from(PIECES, { objectMode: false });
    const source = new OciObjectSource(clientWith(async () => responseWith(readable)), unscoped, systemClock, IDLE);
    const opened = await source.open(OBJECT, { timeoutMs: 5_000 });
    const read: Buffer[] = [];
    for await (const piece of opened.body) {
      read.push(Buffer.from(piece));
      // The function holds the body unread between chunks, longer than the idle bound.
      await delay(400);
    }
    assert.ok(Buffer.concat(read).equals(Buffer.concat(PIECES)), 'read whole, without a stall');
  });

  it('abandons a body that sends nothing while it is read: a named, retried failure, the body destroyed', async () => {
    let sent = false;
    const readable = new Readable({
      read() {
        // One piece, then silence with the connection open.
        if (!sent) this.push(PIECES[0]);
        sent = true;
      },
    });
    const source = new OciObjectSource(clientWith(async () => responseWith(readable)), unscoped, systemClock, IDLE);
    const opened = await source.open(OBJECT, { timeoutMs: 5_000 });
    const pieces = opened.body[Symbol.asyncIterator]();
    await pieces.next();
    const startedAt = Date.now();
    await assert.rejects(pieces.next(), (error) => {
      assert.ok(error instanceof NetworkFailureError, String(error));
      assert.equal(error.network.kind, 'body-stalled');
      assert.match(error.message, /sent no byte of the object's body for 0\.15 s while it was being read/);
      assert.equal(fateOf(error), 'retry', 'resumed by the caller');
      return true;
    });
    assert.ok(Date.now() - startedAt >= 140, 'not before the bound');
    assert.equal(readable.destroyed, true, 'the body (and its connection) released');
  });
});

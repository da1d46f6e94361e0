import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeadlineExceededError, PermanentRemoteError, ThrottledError, TransientRemoteError } from '../../../src/errors';
import { entryFailureError, statedWaitMs } from '../../../src/publish/entryFailure';
import type { PutOutcome, StreamMessage } from '../../../src/ports';
import { publishMessage, type PublishReceipt } from '../../../src/publish/publisher';
import { FakeClock, FakeSink, retryContext } from '../support/fakes';

const message: StreamMessage = { key: Buffer.from('examplens/uploads/hello.txt'), value: Buffer.from('{"specversion":"1.0"}') };

const failed = (error: string, errorMessage = 'refused'): PutOutcome => ({ accepted: false, error, errorMessage });
const ok = (offset: number): PutOutcome => ({ accepted: true, partition: '3', offset });
const placeOf = ({ partition, offset, attempts }: PublishReceipt) => ({ partition, offset, attempts });

/** Codes the service answers per entry (HTTP 200 overall) that pass with time. */
const RETRIED = ['429', '500', '502', '503', 'InternalServerError', 'ServiceUnavailable', 'Throttled', 'TooManyRequests'];
/** Codes that no retry can fix: the message or the stream is wrong. */
const PERMANENT = ['400', '401', '403', '404', '409', '413', 'InvalidParameter', 'BadRequest', 'MessageTooLarge', 'NotAuthorizedOrNotFound', 'NotFound'];

describe('publishMessage', () => {
  it('answers where the message landed and after how many attempts', async () => {
    const clock = new FakeClock();
    const sink = new FakeSink(() => ok(41));
    const receipt = await publishMessage(sink, message, retryContext(clock, 10_000));
    assert.deepEqual(placeOf(receipt), { partition: '3', offset: 41, attempts: 1 });
    assert.equal(sink.requests.length, 1);
    assert.deepEqual(sink.requests[0], { messages: [message], timeoutMs: 10_000 });
  });

  for (const code of RETRIED) {
    it(`retries an entry failed with ${code} and sends the same message again`, async () => {
      const clock = new FakeClock();
      const sink = new FakeSink((_m, call) => (call < 3 ? failed(code, 'try later') : ok(7)));
      const receipt = await publishMessage(sink, message, retryContext(clock, 30_000));
      assert.deepEqual(placeOf(receipt), { partition: '3', offset: 7, attempts: 3 });
      assert.equal(sink.requests.length, 3);
      for (const request of sink.requests) assert.deepEqual(request.messages, [message], 'one message per request, unchanged');
      assert.equal(clock.sleeps.length, 2);
    });
  }

  for (const code of PERMANENT) {
    it(`fails at once on an entry failed with ${code}`, async () => {
      const clock = new FakeClock();
      const sink = new FakeSink(() => failed(code, 'the message is bad'));
      await assert.rejects(publishMessage(sink, message, retryContext(clock, 30_000)), (error) => {
        assert.ok(error instanceof PermanentRemoteError);
        assert.ok(error.message.startsWith(`Publishing failed: the stream refused the message (${code}: the message is bad).`), error.message);
        assert.deepEqual(error.details, { service: 'streaming', operation: 'putMessages', code });
        return true;
      });
      assert.equal(sink.requests.length, 1);
      assert.deepEqual(clock.sleeps, []);
    });
  }

  it('treats a response without an entry as transient', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const sink = {
      async put(): Promise<PutOutcome[]> {
        calls++;
        return calls === 1 ? [] : [ok(0)];
      },
    };
    assert.deepEqual(placeOf(await publishMessage(sink, message, retryContext(clock, 30_000))), { partition: '3', offset: 0, attempts: 2 });
  });

  it('retries a request that failed as a whole with a transient error', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const sink = {
      async put(): Promise<PutOutcome[]> {
        calls++;
        if (calls === 1) throw new TransientRemoteError('Streaming putMessages answered 503', { service: 'streaming', operation: 'putMessages', status: 503 });
        return [ok(5)];
      },
    };
    assert.equal((await publishMessage(sink, message, retryContext(clock, 30_000))).offset, 5);
    assert.equal(calls, 2);
  });

  it('gives up at the deadline with the last entry failure as the cause', async () => {
    const clock = new FakeClock();
    const sink = new FakeSink(() => {
      clock.advance(200);
      return failed('429', 'throttled');
    });
    await assert.rejects(publishMessage(sink, message, retryContext(clock, 5_000)), (error) => {
      assert.ok(error instanceof DeadlineExceededError);
      assert.match(error.message, /^Publishing to the stream did not succeed before the function's deadline \(\d+ attempts\); last failure: Publishing failed: the stream refused the message \(429: throttled\)\.$/);
      assert.ok(error.cause instanceof TransientRemoteError);
      return true;
    });
    assert.ok(sink.requests.length > 2);
    assert.equal(sink.accepted.length, 0);
  });

  it('reads the wait a throttled entry states and carries it in a ThrottledError', async () => {
    const clock = new FakeClock();
    const sink = new FakeSink((_m, call) =>
      call === 1 ? failed('429', 'Request was throttled because bytes limit exhausted, next request can be made in 453 ms') : ok(9),
    );
    const errors: unknown[] = [];
    const receipt = await publishMessage(sink, message, { ...retryContext(clock, 30_000), onRetry: (error) => errors.push(error) });
    assert.equal(receipt.attempts, 2);
    assert.ok(errors[0] instanceof ThrottledError);
    assert.equal(errors[0].retryAfterMs, 453);
    assert.ok(clock.sleeps[0]! >= 453 && clock.sleeps[0]! < 478, `waited ${clock.sleeps[0]} ms`);
  });
});

describe('entryFailureError', () => {
  it('throttling codes become ThrottledError, with the stated wait when there is one', () => {
    for (const code of ['429', 'Throttled', 'TooManyRequests']) {
      const error = entryFailureError(code, 'slow down');
      assert.ok(error instanceof ThrottledError, code);
      assert.equal(error.retryAfterMs, undefined);
    }
    assert.equal(statedWaitMs('Request was throttled because bytes limit exhausted, next request can be made in 12 ms'), 12);
    assert.equal(statedWaitMs('no wait here'), undefined);
  });

  it('other passing failures stay TransientRemoteError, not throttles', () => {
    const error = entryFailureError('InternalServerError', 'boom');
    assert.ok(error instanceof TransientRemoteError && !(error instanceof ThrottledError));
  });
});

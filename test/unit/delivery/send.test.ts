import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Invocation } from '../../../src/delivery/invocation';
import { sendSteered, type FailedAttempt, type Steering } from '../../../src/delivery/send';
import { PermanentRemoteError, ThrottledError, TransientRemoteError } from '../../../src/errors';
import { messageKey } from '../../../src/message/key';
import type { PinnedObject, PutOutcome } from '../../../src/ports';
import { describeObject, FakeClock, FakeSink, parsedFixture, RecordingLogger, retryContext } from '../support/fakes';

const ROUND_TRIP_MS = 40;
const THROTTLED: PutOutcome = { accepted: false, error: '429', errorMessage: 'Request was throttled because bytes limit exhausted, next request can be made in 300 ms' };
const SERVER_ERROR: PutOutcome = { accepted: false, error: '500', errorMessage: 'InternalServerError' };
const REFUSED: PutOutcome = { accepted: false, error: '400', errorMessage: 'InvalidParameter' };

/** A sink answering `answers` in turn (then accepting), each after a round trip on the fake clock. */
function setup(answers: PutOutcome[]) {
  const clock = new FakeClock();
  const sink = new FakeSink(async (_message, call) => {
    clock.advance(ROUND_TRIP_MS);
    return answers[call - 1] ?? { accepted: true, partition: '0', offset: -1 };
  });
  const parsed = parsedFixture('updateobject');
  const details = parsed.event.data.additionalDetails;
  const object: PinnedObject = { namespace: details.namespace, bucket: details.bucketName, name: parsed.event.data.resourceName, versionId: null, eTag: details.eTag ?? null };
  const retry = retryContext(clock, 30_000, { random: () => 0 });
  const invocation: Invocation = {
    callId: 'call-send',
    parsed,
    object,
    key: messageKey(object),
    settings: { maxMessageBytes: 1_000_000, maxObjectBytes: 1_000_000, publishBytesPerSecond: 1_000_000, referenceUrlTtlSeconds: 0 },
    objects: { open: () => assert.fail('a send reads nothing'), createReadUrl: () => assert.fail('a send makes no URL') },
    sink,
    clock,
    logger: new RecordingLogger(),
    deadline: retry.deadline,
    retry,
    stats: { attempts: 0, readMs: 0, publishMs: 0, opcRequestIds: {} },
  };
  const seen: FailedAttempt[] = [];
  const send = (steer: (failed: FailedAttempt) => Steering<string>) =>
    sendSteered(invocation, { object: describeObject(parsed), delivery: 'none', reason: 'test' }, retry, (failed) => {
      seen.push(failed);
      return steer(failed);
    });
  return { clock, sink, invocation, seen, send };
}

describe('sendSteered', () => {
  it('a message that goes in comes with the failures before it and its own round trip', async () => {
    const world = setup([THROTTLED, SERVER_ERROR]);
    const result = await world.send(() => ({ retryInMs: 100 }));
    const sent = 'sent' in result ? result.sent : assert.fail('stopped');
    assert.ok(sent.failures[0] instanceof ThrottledError && sent.failures[1] instanceof TransientRemoteError);
    assert.equal(sent.failures.length, 2);
    assert.equal(sent.roundTripMs, ROUND_TRIP_MS, 'timed from when the retry was sent, not from the first attempt');
    assert.deepEqual(world.clock.sleeps, [100, 100], 'the steering chose the waits');
    assert.deepEqual(
      world.seen.map(({ backoffMs, roundTripMs }) => ({ backoffMs, roundTripMs })),
      [
        { backoffMs: 300, roundTripMs: ROUND_TRIP_MS },
        { backoffMs: 0, roundTripMs: ROUND_TRIP_MS },
      ],
    );
    assert.equal(world.invocation.stats.attempts, 3);
  });

  it('a stop comes back as a value, and nothing more is sent', async () => {
    const world = setup([THROTTLED, THROTTLED, THROTTLED]);
    const result = await world.send((failed) => (world.seen.length === 2 ? { stop: `gave way after ${failed.roundTripMs} ms` } : { retryInMs: 500 }));
    assert.deepEqual(result, { stopped: `gave way after ${ROUND_TRIP_MS} ms` });
    assert.equal(world.sink.requests.length, 2);
    assert.deepEqual(world.clock.sleeps, [500]);
  });

  it('a failure that is not retried is thrown as it is, without asking the steering', async () => {
    const world = setup([REFUSED]);
    await assert.rejects(world.send(() => ({ retryInMs: 100 })), PermanentRemoteError);
    assert.deepEqual(world.seen, []);
  });
});

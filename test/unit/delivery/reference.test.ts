import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deliverReference } from '../../../src/delivery/reference';
import { PermanentRemoteError, TransientRemoteError } from '../../../src/errors';
import type { Invocation } from '../../../src/delivery/invocation';
import { messageKey } from '../../../src/message/key';
import type { ObjectSource, OpenedObject, PinnedObject } from '../../../src/ports';
import { assertContractMessage } from '../../support/contract';
import { describeObject, FakeClock, FakeSink, parsedFixture, RecordingLogger, retryContext } from '../support/fakes';

const REASON = 'The object is 2000 bytes, over MAX_OBJECT_BYTES (1000); read it from Object Storage.';
const URL_PREFIX = 'https://objectstorage.us-ashburn-1.oraclecloud.com/p/par/';

/**
 * createReadUrl answers as `behaviour` says; `hang` stands for a request that never answers, which
 * the adapter gives up on when its timeout passes (the fake clock is moved by that timeout).
 */
class ReadUrlSource implements ObjectSource {
  readonly timeouts: number[] = [];

  constructor(
    private readonly clock: FakeClock,
    private readonly behaviour: 'answer' | 'hang' | 'refuse',
  ) {}

  async open(): Promise<OpenedObject> {
    throw new Error('a reference delivery does not read the object');
  }

  async createReadUrl(object: PinnedObject, _expiresAt: Date, options: { timeoutMs: number }): Promise<string> {
    this.timeouts.push(options.timeoutMs);
    if (this.behaviour === 'answer') return `${URL_PREFIX}${object.name}`;
    if (this.behaviour === 'refuse') {
      throw new PermanentRemoteError('Object Storage createPreauthenticatedRequest answered 404 NotAuthorizedOrNotFound.', {
        service: 'objectstorage',
        operation: 'createPreauthenticatedRequest',
        status: 404,
      });
    }
    this.clock.advance(options.timeoutMs);
    throw new TransientRemoteError('Object Storage createPreauthenticatedRequest timed out.', { service: 'objectstorage', operation: 'createPreauthenticatedRequest' });
  }
}

/** One reference delivery over fakes, with `remainingMs` left before the invocation's deadline. */
function setup(options: { behaviour: 'answer' | 'hang' | 'refuse'; remainingMs: number; referenceUrlTtlSeconds?: number }) {
  const clock = new FakeClock();
  const logger = new RecordingLogger();
  const sink = new FakeSink();
  const objects = new ReadUrlSource(clock, options.behaviour);
  const parsed = parsedFixture('updateobject');
  const retry = retryContext(clock, options.remainingMs);
  const details = parsed.event.data.additionalDetails;
  const object: PinnedObject = { namespace: details.namespace, bucket: details.bucketName, name: parsed.event.data.resourceName, versionId: null, eTag: details.eTag ?? null };
  const invocation: Invocation = {
    callId: 'call-ref',
    parsed,
    object,
    key: messageKey(object),
    settings: { maxMessageBytes: 1_000_000, maxObjectBytes: 1_000, publishBytesPerSecond: 1_000_000, referenceUrlTtlSeconds: options.referenceUrlTtlSeconds ?? 3_600 },
    objects,
    sink,
    clock,
    logger,
    deadline: retry.deadline,
    retry,
    stats: { attempts: 0, readMs: 0, publishMs: 0, opcRequestIds: {} },
  };
  const deliver = () => deliverReference(invocation, describeObject(parsed, { size: 2_000 }), REASON);
  return { clock, logger, sink, objects, deliver, startedAt: clock.now() };
}

describe('deliverReference', () => {
  it('adds the pre-authenticated URL when it can be created', async () => {
    const world = setup({ behaviour: 'answer', remainingMs: 30_000 });
    const outcome = await world.deliver();
    assert.equal(outcome.reason, REASON);
    const message = assertContractMessage(world.sink.accepted[0]!.value);
    assert.equal(message['data']['object']['url'], `${URL_PREFIX}hello.txt`);
    assert.equal(message['data']['reason'], REASON);
  });

  it('does not ask for a URL when REFERENCE_URL_TTL_SECONDS is 0', async () => {
    const world = setup({ behaviour: 'answer', remainingMs: 30_000, referenceUrlTtlSeconds: 0 });
    await world.deliver();
    assert.deepEqual(world.objects.timeouts, []);
    assert.ok(!('url' in assertContractMessage(world.sink.accepted[0]!.value)['data']['object']));
  });

  for (const [remainingMs, budgetMs] of [
    [30_000, 5_000],
    [60_000, 5_000],
    [9_000, 3_000],
  ] as const) {
    it(`gives a hung URL request at most ${budgetMs} ms of ${remainingMs} ms left, then publishes the reference without it`, async () => {
      const world = setup({ behaviour: 'hang', remainingMs });

      const outcome = await world.deliver();

      assert.equal(world.objects.timeouts[0], budgetMs, 'the first attempt is bounded by the URL budget');
      assert.ok(world.objects.timeouts.every((timeoutMs) => timeoutMs <= budgetMs));
      assert.ok(world.clock.now() - world.startedAt <= budgetMs, `the URL took ${world.clock.now() - world.startedAt} ms`);
      assert.equal(outcome.delivery, 'reference');
      assert.equal(outcome.messages, 1);
      assert.equal(world.sink.accepted.length, 1, 'the reference message went out');
      const message = assertContractMessage(world.sink.accepted[0]!.value);
      assert.equal(message['data']['delivery'], 'reference');
      assert.ok(!('url' in message['data']['object']), 'no url without a pre-authenticated request');
      assert.ok(message['data']['reason'].startsWith(REASON));
      assert.match(message['data']['reason'], /No pre-authenticated URL could be created .*PAR_MANAGE/);
      assert.equal(outcome.reason, message['data']['reason']);
      assert.equal(world.logger.named('pre-authenticated URL not created').length, 1);
    });
  }

  it('publishes the reference with the note when the URL is refused', async () => {
    const world = setup({ behaviour: 'refuse', remainingMs: 30_000 });
    const outcome = await world.deliver();
    assert.deepEqual(world.objects.timeouts, [5_000], 'a refusal is not retried');
    assert.match(outcome.reason ?? '', /No pre-authenticated URL could be created/);
    assert.equal(world.sink.accepted.length, 1);
  });
});

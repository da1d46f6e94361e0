import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Assembler } from '../../../src/consume/assembler';
import {
  BucketNotAllowedError,
  DeadlineExceededError,
  DeliveryIncompleteError,
  InvalidEventError,
  ObjectArchivedError,
  ObjectChangedError,
  ObjectGoneError,
  TransientRemoteError,
  UnexpectedError,
} from '../../../src/errors';
import type { Answer } from '../../../src/handler/answer';
import { createHandler, type HandlerDependencies } from '../../../src/handler/createHandler';
import type { ObjectSource, OpenedObject, PinnedObject, PutOutcome } from '../../../src/ports';
import { base64MarkerForms, CONTENT_MARKER, markedContent } from '../../support/content';
import { assertContractMessage } from '../../support/contract';
import { eventFor, loadEvent, type EventFixture, type EventTarget } from '../../support/events';
import { FakeClock, FakeSink, openedObject, RecordingLogger, seededRandom, type FakeOpenedObject, type SinkScript } from '../support/fakes';

const NS = 'examplens';
const BUCKET = 'uploads';
const ETAG = 'c3d9e1f0-5a6b-4c7d-8e9f-a0b1c2d3e4f5';

interface StoredObject {
  bytes: Buffer;
  eTag: string;
  versionId: string | null;
  contentType: string | null;
}

/** An in-memory bucket behind the ObjectSource port that records every call. */
class FakeObjectSource implements ObjectSource {
  readonly objects = new Map<string, StoredObject>();
  readonly opens: Array<{ object: PinnedObject; resumeAt?: { offset: number; size: number } | undefined }> = [];
  readonly opened: FakeOpenedObject[] = [];
  readonly readUrls: PinnedObject[] = [];
  /** Thrown by the next calls to open, one each, before anything else. */
  readonly failures: unknown[] = [];
  /** Bodies of the next opens fail after this many bytes, one each. */
  readonly bodyFailures: Array<{ failAfter: number; error: unknown }> = [];

  store(name: string, bytes: Buffer, extra: Partial<StoredObject> = {}): void {
    this.objects.set(`${NS}/${BUCKET}/${name}`, { bytes, eTag: ETAG, versionId: null, contentType: 'application/octet-stream', ...extra });
  }

  async open(object: PinnedObject, options: { resumeAt?: { offset: number; size: number }; timeoutMs: number }): Promise<OpenedObject> {
    this.opens.push({ object, resumeAt: options.resumeAt });
    if (this.failures.length > 0) throw this.failures.shift();
    const stored = this.objects.get(`${object.namespace}/${object.bucket}/${object.name}`);
    if (!stored || (object.versionId !== null && object.versionId !== stored.versionId)) throw new ObjectGoneError('The object no longer exists.');
    if (object.eTag !== null && object.eTag !== stored.eTag) throw new ObjectChangedError('The object was overwritten after this event.');
    const offset = options.resumeAt?.offset ?? 0;
    const opened = openedObject(stored.bytes.subarray(offset), {
      pieces: [4096],
      ...this.bodyFailures.shift(),
      metadata: { size: options.resumeAt?.size ?? stored.bytes.byteLength, contentType: stored.contentType, eTag: stored.eTag, versionId: stored.versionId },
    });
    this.opened.push(opened);
    return opened;
  }

  async createReadUrl(object: PinnedObject, expiresAt: Date): Promise<string> {
    this.readUrls.push(object);
    return `https://objectstorage.us-ashburn-1.oraclecloud.com/p/par-${expiresAt.getTime()}/n/${object.namespace}/b/${object.bucket}/o/${encodeURIComponent(object.name)}`;
  }
}

type Settings = HandlerDependencies['settings'];
const SETTINGS: Settings = {
  maxMessageBytes: 1_000_000,
  maxObjectBytes: 67_108_864,
  publishBytesPerSecond: 1_000_000,
  referenceUrlTtlSeconds: 0,
  allowedBuckets: [],
};

type Outcome = { answer: Answer; error?: undefined } | { answer?: undefined; error: unknown };

/** The event's ETag, whether the body is given as an object, text or bytes. */
function eTagOf(body: unknown): unknown {
  const event = typeof body === 'string' || body instanceof Uint8Array ? JSON.parse(Buffer.from(body).toString('utf8')) : body;
  return (event as { data?: { additionalDetails?: { eTag?: unknown } } }).data?.additionalDetails?.eTag;
}

/** A handler over fakes; every invocation is checked for the log rules that hold whatever happens. */
function setup(options: { settings?: Partial<Settings>; sink?: SinkScript } = {}) {
  const clock = new FakeClock();
  const logger = new RecordingLogger();
  const objects = new FakeObjectSource();
  const sink = new FakeSink(options.sink);
  const handler = createHandler({ settings: { ...SETTINGS, ...options.settings }, objects, sink, clock, logger, random: seededRandom(3) });

  async function invoke(body: unknown, deadlineInMs = 60_000, callId = 'call-0001'): Promise<Outcome> {
    const linesBefore = logger.lines.length;
    const input = typeof body === 'object' && body !== null && !(body instanceof Uint8Array) ? Buffer.from(JSON.stringify(body)) : body;
    let outcome: Outcome;
    try {
      outcome = { answer: await handler(input, { callId, deadline: new Date(clock.now() + deadlineInMs) }) };
    } catch (error) {
      outcome = { error };
    }
    const lines = logger.lines.slice(linesBefore);
    const final = lines.filter((line) => line.message === 'event handled' || line.message === 'event failed');
    assert.equal(final.length, 1, `one final log line per invocation, got: ${final.map((l) => l.message).join(', ')}`);
    assert.equal(final[0]!.message, outcome.answer ? 'event handled' : 'event failed');
    assert.equal(final[0]!.fields['callId'], callId);
    // A line that names the object names its version too, so that --from-log matches by name and ETag.
    if (final[0]!.fields['object'] !== undefined) assert.equal(final[0]!.fields['eTag'], eTagOf(body));
    assertNoContentIn(logger.text());
    return outcome;
  }

  async function answerTo(body: unknown, deadlineInMs?: number): Promise<Answer> {
    const outcome = await invoke(body, deadlineInMs);
    if (!outcome.answer) throw outcome.error;
    // The fdk serializes the answer: it must survive that unchanged.
    assert.deepEqual(JSON.parse(JSON.stringify(outcome.answer)), outcome.answer);
    return outcome.answer;
  }

  async function failureOf(body: unknown, deadlineInMs?: number): Promise<unknown> {
    const outcome = await invoke(body, deadlineInMs);
    if (outcome.answer) assert.fail(`answered ${JSON.stringify(outcome.answer)}`);
    return outcome.error;
  }

  /** Every value the sink accepted, checked against the contract's JSON Schema. */
  function published(): Array<Record<string, any>> {
    return sink.accepted.map((message) => assertContractMessage(message.value));
  }

  return { clock, logger, objects, sink, answerTo, failureOf, published };
}

function assertNoContentIn(text: string): void {
  assert.ok(!text.includes(CONTENT_MARKER), 'object bytes reached the log');
  for (const form of base64MarkerForms()) assert.ok(!text.includes(form), 'object bytes (base64) reached the log');
}

function event(fixture: EventFixture, target: Partial<EventTarget> = {}): Record<string, any> {
  return eventFor(fixture, { namespace: NS, bucket: BUCKET, name: 'hello.txt', eTag: ETAG, archivalState: 'Available', ...target });
}

function brokenFixture(file: string): Buffer {
  return readFileSync(join(__dirname, '..', '..', 'fixtures', 'events', 'broken', file));
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The contract's answer fields (message-format.md); others may be added. */
function contractFields(answer: Answer) {
  const { status, delivery, key, messages, bytes, reason } = answer;
  return { status, delivery, key, messages, bytes, ...(reason === undefined ? {} : { reason }) };
}

describe('createHandler', () => {
  describe('published', () => {
    it('answers an inline delivery per the contract and publishes the object with the event', async () => {
      const world = setup();
      const bytes = markedContent(10_000);
      world.objects.store('hello.txt', bytes, { contentType: 'text/plain' });
      const input = event('createobject-unversioned');

      const answer = await world.answerTo(input);
      assert.deepEqual(contractFields(answer), { status: 'published', delivery: 'inline', key: 'examplens/uploads/hello.txt', messages: 1, bytes: 10_000 });
      assert.equal(answer.eventId, input['eventID']);

      assert.deepEqual(world.objects.opens, [{ object: { namespace: NS, bucket: BUCKET, name: 'hello.txt', versionId: null, eTag: ETAG }, resumeAt: undefined }]);
      const [message] = world.published();
      assert.deepEqual(world.sink.accepted[0]!.key, Buffer.from('examplens/uploads/hello.txt'));
      assert.equal(message!['id'], input['eventID']);
      assert.equal(message!['data']['delivery'], 'inline');
      assert.deepEqual(message!['data']['event'], input);
      assert.ok(Buffer.from(message!['data']['content'], 'base64').equals(bytes));
      assert.deepEqual(message!['data']['object'], {
        namespace: NS,
        bucket: BUCKET,
        name: 'hello.txt',
        size: 10_000,
        contentType: 'text/plain',
        eTag: ETAG,
        versionId: null,
        sha256: sha256(bytes),
      });
    });

    it('pins a versioned event by its version', async () => {
      const world = setup();
      world.objects.store('v.txt', markedContent(10), { versionId: 'v-42' });
      const answer = await world.answerTo(event('createobject-versioned', { name: 'v.txt', versionId: 'v-42' }));
      assert.equal(answer.delivery, 'inline');
      assert.deepEqual(world.objects.opens[0]!.object, { namespace: NS, bucket: BUCKET, name: 'v.txt', versionId: 'v-42', eTag: null });
      assert.equal(world.published()[0]!['data']['object']['versionId'], 'v-42');
    });

    it('answers the hashed key as text for a long name', async () => {
      const world = setup();
      const name = `deep/${'nested/'.repeat(40)}file.bin`;
      world.objects.store(name, markedContent(100));
      const answer = await world.answerTo(event('updateobject', { name }));
      assert.equal(answer.key, sha256(Buffer.from(`${NS}/${BUCKET}/${name}`)));
      assert.equal(world.sink.accepted[0]!.key.toString('utf8'), answer.key);
    });

    it('accepts the body as text as well as bytes', async () => {
      const world = setup();
      world.objects.store('hello.txt', markedContent(5));
      assert.equal((await world.answerTo(JSON.stringify(event('updateobject')))).status, 'published');
    });

    it('delivers a large object as ordered chunks a consumer can verify', async () => {
      const world = setup({ settings: { maxMessageBytes: 8_192 } });
      const bytes = markedContent(50_000);
      world.objects.store('big.bin', bytes);
      const answer = await world.answerTo(event('createobject-unversioned', { name: 'big.bin' }));
      assert.equal(answer.status, 'published');
      assert.equal(answer.delivery, 'chunked');
      assert.equal(answer.bytes, 50_000);

      const messages = world.published();
      assert.equal(answer.messages, messages.length);
      assert.ok(messages.length > 6);
      messages.forEach((message, index) => {
        assert.equal(message['data']['chunk']['index'], index);
        assert.ok(world.sink.accepted[index]!.value.byteLength + world.sink.accepted[index]!.key.byteLength <= 8_192);
      });
      const assembler = new Assembler();
      const results = [];
      for (const message of world.sink.accepted) results.push(await assembler.accept(message.value));
      assert.deepEqual(results.at(-1), { kind: 'object', name: 'big.bin', eventId: answer.eventId, delivery: 'chunked', size: 50_000, sha256: sha256(bytes), verified: true });
    });

    it('resumes a read cut off mid-body, pinned to the ETag served', async () => {
      const world = setup({ settings: { maxMessageBytes: 8_192 } });
      const bytes = markedContent(40_000);
      world.objects.store('big.bin', bytes, { eTag: 'served-etag' });
      world.objects.bodyFailures.push({ failAfter: 10_000, error: new TransientRemoteError('reset', { service: 'objectstorage', operation: 'getObject (body)' }) });
      const answer = await world.answerTo(event('createobject-versioned', { name: 'big.bin', versionId: undefined, eTag: undefined }));
      assert.equal(answer.delivery, 'chunked');
      assert.deepEqual(
        world.objects.opens.map(({ object, resumeAt }) => [object.eTag, resumeAt]),
        [
          [null, undefined],
          ['served-etag', { offset: 10_000, size: 40_000 }],
        ],
      );
      const joined = Buffer.concat(world.published().map((message) => Buffer.from(message['data']['content'], 'base64')));
      assert.ok(joined.equals(bytes));
    });

    it('retries a throttled publish and logs the retry', async () => {
      const world = setup({ sink: (_m, call) => (call === 1 ? { accepted: false, error: '429', errorMessage: 'throttled' } : { accepted: true, partition: '0', offset: 9 }) });
      world.objects.store('hello.txt', markedContent(100));
      const answer = await world.answerTo(event('updateobject'));
      assert.equal(answer.status, 'published');
      assert.deepEqual(answer.offsets, [9]);
      assert.equal(world.logger.named('retrying').length, 1);
    });
  });

  describe('no content', () => {
    it('publishes a delete event as delivery none without reading', async () => {
      const world = setup();
      const input = event('deleteobject', { eTag: undefined, archivalState: undefined });
      const answer = await world.answerTo(input);
      assert.deepEqual(contractFields(answer), {
        status: 'published',
        delivery: 'none',
        key: 'examplens/uploads/hello.txt',
        messages: 1,
        bytes: 0,
      });
      assert.deepEqual(world.objects.opens, []);
      const [message] = world.published();
      assert.equal(message!['data']['delivery'], 'none');
      assert.equal(message!['type'], 'com.oraclecloud.objectstorage.deleteobject');
      assert.ok(!('content' in message!['data']));
    });

    for (const state of ['Archived', 'Restoring']) {
      it(`sends an ${state.toLowerCase()} object as a reference without reading it`, async () => {
        const world = setup();
        world.objects.store('hello.txt', markedContent(100));
        const answer = await world.answerTo(event('createobject-unversioned', { archivalState: state }));
        assert.equal(answer.status, 'published');
        assert.equal(answer.delivery, 'reference');
        assert.equal(answer.messages, 1);
        assert.match(answer.reason ?? '', /Archive storage/);
        assert.deepEqual(world.objects.opens, []);
        const [message] = world.published();
        assert.equal(message!['data']['delivery'], 'reference');
        assert.equal(message!['data']['reason'], answer.reason);
      });
    }

    it('reads an object restored from archive', async () => {
      const world = setup();
      world.objects.store('hello.txt', markedContent(100));
      assert.equal((await world.answerTo(event('createobject-unversioned', { archivalState: 'Restored' }))).delivery, 'inline');
    });

    it('sends an object the read finds archived as a reference, when the event has no archivalState', async () => {
      const world = setup();
      world.objects.store('hello.txt', markedContent(100));
      world.objects.failures.push(new ObjectArchivedError('The object is in Archive storage and cannot be read until it is restored.'));
      const answer = await world.answerTo(event('createobject-unversioned', { archivalState: undefined }));
      assert.deepEqual(contractFields(answer), {
        status: 'published',
        delivery: 'reference',
        key: 'examplens/uploads/hello.txt',
        messages: 1,
        bytes: 0,
        reason: 'The object is in Archive storage and cannot be read until it is restored.',
      });
      assert.equal(world.objects.opens.length, 1, 'an archived object is not read again');
      const [message] = world.published();
      assert.equal(message!['data']['delivery'], 'reference');
      assert.equal(message!['data']['object']['size'], null);
      assert.equal(message!['data']['object']['eTag'], ETAG);
    });

    it("describes an archived versioned object with the event's version and ETag", async () => {
      const world = setup();
      const answer = await world.answerTo(event('createobject-versioned', { versionId: 'v-7', archivalState: 'Archived' }));
      assert.equal(answer.delivery, 'reference');
      const [message] = world.published();
      assert.equal(message!['data']['object']['versionId'], 'v-7');
      assert.equal(message!['data']['object']['eTag'], ETAG);
    });

    it("keeps a versioned delete event's ETag in data.object", async () => {
      const world = setup();
      const answer = await world.answerTo(event('deleteobject', { versionId: 'v-8', archivalState: undefined }));
      assert.equal(answer.delivery, 'none');
      const [message] = world.published();
      assert.deepEqual([message!['data']['object']['versionId'], message!['data']['object']['eTag']], ['v-8', ETAG]);
    });

    it('sends an object over MAX_OBJECT_BYTES as a reference with a read URL when configured', async () => {
      const world = setup({ settings: { maxObjectBytes: 1_000, referenceUrlTtlSeconds: 3_600 } });
      world.objects.store('hello.txt', markedContent(1_001));
      const answer = await world.answerTo(event('updateobject'));
      assert.deepEqual(contractFields(answer), {
        status: 'published',
        delivery: 'reference',
        key: 'examplens/uploads/hello.txt',
        messages: 1,
        bytes: 1_001,
        reason: 'The object is 1001 bytes, over MAX_OBJECT_BYTES (1000); read it from Object Storage.',
      });
      assert.equal(world.objects.opened[0]!.discards, 1, 'the opened body is released unread');
      const [message] = world.published();
      assert.equal(message!['data']['object']['size'], 1_001);
      assert.match(message!['data']['object']['url'], /^https:\/\/objectstorage\..*\/p\/par-/);
    });

    it('sends a reference when chunking could not finish before the deadline', async () => {
      const world = setup({ settings: { maxMessageBytes: 8_192, publishBytesPerSecond: 1_024 } });
      world.objects.store('hello.txt', markedContent(100_000));
      const answer = await world.answerTo(event('updateobject'), 20_000);
      assert.equal(answer.delivery, 'reference');
      assert.match(answer.reason ?? '', /PUBLISH_BYTES_PER_SECOND \(1024\)/);
      assert.equal(world.published().length, 1);
    });
  });

  describe('skipped', () => {
    it('skips an object that is gone, publishing nothing', async () => {
      const world = setup();
      const answer = await world.answerTo(event('createobject-unversioned'));
      assert.equal(answer.status, 'skipped');
      assert.equal(answer.messages, 0);
      assert.match(answer.reason ?? '', /no longer exists/);
      assert.equal(world.sink.requests.length, 0);
      assert.equal(world.logger.named('event handled')[0]!.fields['outcome'], 'skipped');
    });

    it('skips an object overwritten since the event', async () => {
      const world = setup();
      world.objects.store('hello.txt', markedContent(100), { eTag: 'a-newer-etag' });
      const answer = await world.answerTo(event('updateobject'));
      assert.deepEqual(contractFields(answer), {
        status: 'skipped',
        delivery: 'none',
        key: 'examplens/uploads/hello.txt',
        messages: 0,
        bytes: 0,
        reason: 'The object was overwritten after this event.',
      });
      assert.equal(world.sink.requests.length, 0);
    });
  });

  describe('failed', () => {
    it('refuses a bucket outside the allowlist before any read', async () => {
      const world = setup({ settings: { allowedBuckets: ['otherns/uploads', 'reports'] } });
      world.objects.store('hello.txt', markedContent(100));
      const error = await world.failureOf(event('createobject-unversioned'));
      assert.ok(error instanceof BucketNotAllowedError);
      assert.match(error.message, /ALLOWED_BUCKETS/);
      assert.deepEqual(world.objects.opens, [], 'open was never called');
      assert.equal(world.sink.requests.length, 0);
    });

    it('lets an allowed bucket through', async () => {
      const world = setup({ settings: { allowedBuckets: ['reports', 'examplens/uploads'] } });
      world.objects.store('hello.txt', markedContent(100));
      assert.equal((await world.answerTo(event('createobject-unversioned'))).status, 'published');
    });

    for (const [what, body] of [
      ['a body that is not JSON', Buffer.from('not json')],
      ['an empty body', Buffer.alloc(0)],
      ["another service's event", brokenFixture('compute-instance-event.json')],
      ['an event missing its object name', brokenFixture('missing-resourceName.json')],
    ] as const) {
      it(`refuses ${what} with an InvalidEventError, reading nothing`, async () => {
        const world = setup();
        const error = await world.failureOf(body);
        assert.ok(error instanceof InvalidEventError);
        assert.match(error.message, /^Expected an OCI Object Storage object event/);
        assert.deepEqual(world.objects.opens, []);
        assert.equal(world.sink.requests.length, 0);
      });
    }

    it('hides an unexpected exception behind an UnexpectedError, logging the details', async () => {
      const world = setup();
      world.objects.failures.push(new TypeError("Cannot read properties of undefined (reading 'contentLength') in /function/internal.js"));
      const error = await world.failureOf(event('updateobject'));
      assert.ok(error instanceof UnexpectedError);
      assert.equal(error.message, 'Internal error while handling the event; see the function log for call call-0001.');
      assert.ok(!/contentLength|internal\.js|TypeError/.test(error.message));
      const [failed] = world.logger.named('event failed');
      assert.match(String(failed!.fields['error']), /TypeError: Cannot read properties of undefined/, 'the operator sees what happened');
      assert.equal(failed!.level, 'error');
    });

    it('fails with a DeadlineExceededError when publishing never succeeds in time', async () => {
      const world = setup({ sink: () => ({ accepted: false, error: '503', errorMessage: 'unavailable' }) });
      world.objects.store('hello.txt', markedContent(100));
      const error = await world.failureOf(event('updateobject'), 15_000);
      assert.ok(error instanceof DeadlineExceededError, String(error));
      assert.match(error.message, /Publishing to the stream did not succeed before the function's deadline/);
      assert.ok(world.sink.requests.length > 1);
      assert.ok(world.logger.named('retrying').length >= 1);
    });

    it('fails an interrupted chunked delivery and tells consumers with a reference', async () => {
      const refuseThird: SinkScript = (_m, call): PutOutcome =>
        call === 3 ? { accepted: false, error: '400', errorMessage: 'bad request' } : { accepted: true, partition: '0', offset: -1 };
      const world = setup({ settings: { maxMessageBytes: 8_192 }, sink: refuseThird });
      world.objects.store('big.bin', markedContent(50_000));
      const error = await world.failureOf(event('updateobject', { name: 'big.bin' }));
      assert.ok(error instanceof DeliveryIncompleteError);
      assert.match(error.message, /stopped after 2 of \d+ chunks/);
      assert.deepEqual(
        world.published().map((message) => message['data']['delivery']),
        ['chunked', 'chunked', 'reference'],
      );
      assert.equal(world.objects.opened[0]!.discards, 1, 'the body is released');
    });
  });

  describe('on a partition busy with other deliveries', () => {
    const THROTTLED = 'Request was throttled because bytes limit exhausted, next request can be made in 1000 ms';
    /** Accepts the first `chunks` chunks and every reference; throttles every later chunk. */
    const busyAfter =
      (chunks: number): SinkScript =>
      (message): PutOutcome => {
        const value = JSON.parse(message.value.toString('utf8'));
        if (value.data.delivery === 'chunked' && value.data.chunk.index >= chunks) return { accepted: false, error: '429', errorMessage: THROTTLED };
        return { accepted: true, partition: '0', offset: -1 };
      };
    const settings = { maxMessageBytes: 8_192, publishBytesPerSecond: 8_192 };

    it('steps aside before its first chunk with a reference that says what it saw, answered published', async () => {
      const world = setup({ settings, sink: busyAfter(0) });
      world.objects.store('big.bin', markedContent(50_000));
      const answer = await world.answerTo(event('updateobject', { name: 'big.bin' }), 20_000);
      assert.equal(answer.status, 'published');
      assert.equal(answer.delivery, 'reference');
      assert.equal(answer.messages, 1);
      assert.match(answer.reason!, /^Stepped aside before sending any of its \d+ chunks: the stream partition is busy/);
      assert.equal(answer.steppedAside?.chunksPublished, 0);
      assert.equal(answer.steppedAside?.observedBytesPerSecond, 0);
      assert.ok(answer.steppedAside!.neededMs > answer.steppedAside!.leftMs);
      assert.deepEqual(world.published().map((message) => message['data']['delivery']), ['reference']);
      const handled = world.logger.named('event handled')[0]!;
      assert.deepEqual(handled.fields['steppedAside'], answer.steppedAside, 'the log names the object that stepped aside, and why');
      const startedAt = new FakeClock().now();
      assert.ok(world.clock.now() - startedAt < 20_000 - 1_500, 'it stepped aside as soon as it could tell, before the chunks had to end');
    });

    it('stops after k of n chunks with the reference that tells consumers the rest is not coming', async () => {
      const world = setup({ settings, sink: busyAfter(2) });
      world.objects.store('big.bin', markedContent(50_000));
      const answer = await world.answerTo(event('updateobject', { name: 'big.bin' }), 20_000);
      assert.equal(answer.delivery, 'reference');
      assert.equal(answer.messages, 3);
      assert.equal(answer.steppedAside?.chunksPublished, 2);
      assert.match(answer.reason!, new RegExp(`^2 of ${answer.steppedAside!.chunkCount} chunks were published; the rest is not coming`));
      const values = world.published();
      assert.deepEqual(values.map((message) => message['data']['delivery']), ['chunked', 'chunked', 'reference']);
      assert.equal(values[2]!['data']['reason'], answer.reason);
    });

    it('a throttled reference is retried within the time reserved for it', async () => {
      let referenceAttempts = 0;
      const world = setup({
        settings,
        sink: (message, call) => {
          const value = JSON.parse(message.value.toString('utf8'));
          if (value.data.delivery === 'reference' && ++referenceAttempts <= 3) return { accepted: false, error: '429', errorMessage: THROTTLED.replace('1000', '300') };
          return busyAfter(1)(message, call);
        },
      });
      world.objects.store('big.bin', markedContent(50_000));
      const answer = await world.answerTo(event('updateobject', { name: 'big.bin' }), 20_000);
      assert.equal(answer.steppedAside?.chunksPublished, 1);
      assert.equal(referenceAttempts, 4);
      assert.deepEqual(world.published().map((message) => message['data']['delivery']), ['chunked', 'reference']);
    });
  });

  it('logs one final line per invocation across many events', async () => {
    const world = setup();
    world.objects.store('hello.txt', markedContent(100));
    await world.answerTo(event('updateobject'));
    await world.answerTo(event('deleteobject', { eTag: undefined, archivalState: undefined }));
    await world.failureOf(Buffer.from('[]'));
    await world.answerTo(event('updateobject', { name: 'missing.txt' }));
    const finals = world.logger.lines.filter((line) => line.message === 'event handled' || line.message === 'event failed');
    assert.deepEqual(
      finals.map((line) => [line.message, line.fields['outcome']]),
      [
        ['event handled', 'published'],
        ['event handled', 'published'],
        ['event failed', 'failed'],
        ['event handled', 'skipped'],
      ],
    );
  });

  it('never logs the object bytes, even at debug level with retries', async () => {
    const world = setup({
      settings: { maxMessageBytes: 8_192 },
      sink: (_m, call) => (call % 2 === 1 ? { accepted: false, error: '500', errorMessage: 'retry me' } : { accepted: true, partition: '0', offset: -1 }),
    });
    world.objects.store('big.bin', markedContent(30_000));
    await world.answerTo(event('updateobject', { name: 'big.bin' }));
    assert.ok(world.logger.named('retrying').length > 3);
    assertNoContentIn(world.logger.text());
    assert.ok(world.published().some((message) => Buffer.from(message['data']['content'], 'base64').includes(CONTENT_MARKER)), 'the marker is in the content');
  });

  it('uses the sample events as they are', async () => {
    for (const fixture of ['createobject-unversioned', 'updateobject'] as const) {
      const world = setup();
      world.objects.store('hello.txt', markedContent(50), { eTag: loadEvent(fixture)['data']['additionalDetails']['eTag'] });
      assert.equal((await world.answerTo(loadEvent(fixture))).delivery, 'inline');
    }
  });
});

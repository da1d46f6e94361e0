import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Assembler } from '../../../src/consume/assembler';
import { FnStreamingError, ObjectChangedError, ObjectGoneError, PermanentRemoteError, TransientRemoteError } from '../../../src/errors';
import { OBJECT_EVENT_TYPES } from '../../../src/event/schema';
import { createHandler, type CallContext } from '../../../src/handler/createHandler';
import type { Answer } from '../../../src/handler/answer';
import type { MessageSink, ObjectSource, OpenedObject, PutOutcome, StreamMessage } from '../../../src/ports';
import { assertContractMessage } from '../../support/contract';
import { eventFor, type EventFixture } from '../../support/events';
import { bytesOf, FakeClock, RecordingLogger, seededRandom } from '../support/fakes';
import { bodyOf, generatedBody } from './arbitraries';

/**
 * The whole handler over plain fakes of its ports, fed generated and mutated events while the
 * fakes fail in every way they can: every outcome must be a contract answer or one of our own
 * errors, never a raw exception, never a hang, and never a message outside the contract.
 */

/** Runs stop being generated past this, so the file stays under its 30 s budget on a busy machine. */
const TIME_LIMIT_MS = 15_000;
const MIN_RUNS = 500;
/** Virtual time is free; a run that takes this long in real time is stuck. */
const RUN_TIMEOUT_MS = 5_000;
/** A raw failure's message: internal detail the caller must never see. */
const INTERNAL = 'INTERNAL-DETAIL at /srv/function/node_modules/x.js:1:1';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Virtual time, but every sleep lets real timers run, so a retry loop cannot starve the run's timeout. */
class YieldingClock extends FakeClock {
  override async sleep(ms: number): Promise<void> {
    await super.sleep(ms);
    await yieldToEventLoop();
  }
}

type Raw = 'typeError' | 'string' | 'multiline';
function rawFailure(kind: Raw): unknown {
  if (kind === 'string') return INTERNAL;
  if (kind === 'multiline') return new Error(`${INTERNAL}\n    at Object.<anonymous> (/srv/function/func.js:1:1)`);
  return new TypeError(`Cannot read properties of undefined (reading 'x') ${INTERNAL}`);
}

type OpenStep =
  | { kind: 'ok' }
  | { kind: 'transient' | 'permanent' | 'gone' | 'changed' }
  | { kind: 'raw'; raw: Raw }
  | { kind: 'short'; by: number }
  | { kind: 'long'; by: number }
  | { kind: 'failMidBody'; after: number; transient: boolean };

const openStep: fc.Arbitrary<OpenStep> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'ok' as const }) },
  { weight: 3, arbitrary: fc.constantFrom({ kind: 'transient' as const }, { kind: 'permanent' as const }, { kind: 'gone' as const }, { kind: 'changed' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), raw: fc.constantFrom<Raw>('typeError', 'string', 'multiline') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('short' as const, 'long' as const), by: fc.integer({ min: 1, max: 5_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('failMidBody' as const), after: fc.nat({ max: 50_000 }), transient: fc.boolean() }) },
);

type PutStep =
  | { kind: 'accept' }
  | { kind: 'entry'; error: string }
  | { kind: 'missingEntry' }
  | { kind: 'transient' | 'permanent' }
  | { kind: 'raw'; raw: Raw };

const putStep: fc.Arbitrary<PutStep> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'accept' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('entry' as const),
      error: fc.constantFrom('429', 'InternalServerError', '500', 'InvalidParameter', 'MessageTooLarge', 'NotAuthorizedOrNotFound', 'Unknown', ''),
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom({ kind: 'missingEntry' as const }, { kind: 'transient' as const }, { kind: 'permanent' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), raw: fc.constantFrom<Raw>('typeError', 'string', 'multiline') }) },
);

function thrownFor(kind: 'transient' | 'permanent' | 'gone' | 'changed', service: 'objectstorage' | 'streaming'): Error {
  const details = { service, operation: service === 'streaming' ? 'putMessages' : 'getObject', status: 503 };
  if (kind === 'transient') return new TransientRemoteError('the service is busy.', details);
  if (kind === 'permanent') return new PermanentRemoteError('not allowed. Check the policy.', { ...details, status: 404 });
  if (kind === 'gone') return new ObjectGoneError('The object no longer exists.');
  return new ObjectChangedError('The object was overwritten.');
}

interface Behaviour {
  size: number;
  contentType: string | null;
  pieces: number[];
  opens: OpenStep[];
  puts: PutStep[];
  readUrl: 'ok' | 'transient' | 'raw';
  /** Virtual milliseconds each port call takes. */
  latencyMs: number[];
}

const behaviour: fc.Arbitrary<Behaviour> = fc.record({
  size: fc.oneof({ weight: 1, arbitrary: fc.integer({ min: 0, max: 300 }) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 40_000 }) }),
  contentType: fc.constantFrom(null, 'text/plain', 'application/octet-stream', 'x/"quoted"\\'),
  pieces: fc.array(fc.integer({ min: 0, max: 9_000 }), { minLength: 1, maxLength: 4 }).filter((sizes) => sizes.some((size) => size > 0)),
  opens: fc.array(openStep, { maxLength: 5 }),
  puts: fc.array(putStep, { maxLength: 8 }),
  readUrl: fc.constantFrom('ok' as const, 'transient' as const, 'raw' as const),
  latencyMs: fc.array(fc.integer({ min: 0, max: 4_000 }), { minLength: 1, maxLength: 5 }),
});

/** Fakes whose failures follow the script, then behave; they record what the stream accepted. */
function scriptedPorts(script: Behaviour, clock: FakeClock) {
  const bytes = bytesOf(script.size, script.size + 1);
  const opens = [...script.opens];
  const puts = [...script.puts];
  let calls = 0;
  const accepted: StreamMessage[] = [];
  const elapse = async () => {
    clock.advance(script.latencyMs[calls++ % script.latencyMs.length]!);
    await yieldToEventLoop();
  };

  const objects: ObjectSource = {
    async open(_object, options) {
      await elapse();
      const step = opens.shift() ?? { kind: 'ok' };
      if (step.kind === 'raw') throw rawFailure(step.raw);
      if (step.kind === 'transient' || step.kind === 'permanent' || step.kind === 'gone' || step.kind === 'changed') throw thrownFor(step.kind, 'objectstorage');
      const from = options.resumeAt?.offset ?? 0;
      let served = bytes.subarray(from);
      if (step.kind === 'short') served = served.subarray(0, Math.max(0, served.length - step.by));
      if (step.kind === 'long') served = Buffer.concat([served, Buffer.alloc(step.by, 7)]);
      const failAfter = step.kind === 'failMidBody' ? Math.min(step.after, served.length) : undefined;
      async function* body(): AsyncGenerator<Uint8Array> {
        let offset = 0;
        for (let i = 0; offset < (failAfter ?? served.length); i++) {
          const next = Math.min(offset + script.pieces[i % script.pieces.length]!, failAfter ?? served.length);
          yield Uint8Array.from(served.subarray(offset, next));
          offset = next;
          await yieldToEventLoop();
        }
        if (step.kind === 'failMidBody') throw step.transient ? thrownFor('transient', 'objectstorage') : rawFailure('typeError');
      }
      const opened: OpenedObject = {
        metadata: { size: options.resumeAt?.size ?? bytes.length, contentType: script.contentType, eTag: 'etag-1', versionId: null },
        body: body(),
        discard: async () => undefined,
      };
      return opened;
    },
    async createReadUrl() {
      await elapse();
      if (script.readUrl === 'transient') throw thrownFor('transient', 'objectstorage');
      if (script.readUrl === 'raw') throw rawFailure('typeError');
      return 'https://objectstorage.us-ashburn-1.oraclecloud.com/p/token/n/ns/b/bucket/o/name';
    },
  };

  const sink: MessageSink = {
    async put(messages) {
      await elapse();
      const step = puts.shift() ?? { kind: 'accept' };
      if (step.kind === 'raw') throw rawFailure(step.raw);
      if (step.kind === 'transient' || step.kind === 'permanent') throw thrownFor(step.kind, 'streaming');
      if (step.kind === 'missingEntry') return [];
      return messages.map((message): PutOutcome => {
        if (step.kind === 'entry') return { accepted: false, error: step.error, errorMessage: 'refused by the script' };
        accepted.push(message);
        return { accepted: true, partition: '0', offset: accepted.length - 1 };
      });
    },
  };
  return { objects, sink, accepted, bytes };
}

interface Settings {
  maxMessageBytes: number;
  maxObjectBytes: number;
  publishBytesPerSecond: number;
  referenceUrlTtlSeconds: number;
  allowedBuckets: string[];
}

const settings: fc.Arbitrary<Settings> = fc.record({
  maxMessageBytes: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(4_096, 6_000, 8_192) }, { weight: 1, arbitrary: fc.integer({ min: 4_096, max: 1_048_576 }) }),
  maxObjectBytes: fc.oneof(fc.constant(67_108_864), fc.integer({ min: 0, max: 50_000 })),
  publishBytesPerSecond: fc.oneof(fc.constant(1_000_000), fc.integer({ min: 1_024, max: 1_000_000_000 })),
  referenceUrlTtlSeconds: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 604_800 })),
  allowedBuckets: fc.oneof(fc.constant<string[]>([]), fc.subarray(['uploads', 'examplens/uploads', 'other', 'ns/other', 'Uploads'], { minLength: 1 })),
});

/** Events OCI Events could send: the samples re-aimed at varied objects. */
const plausibleEvent = fc
  .record({
    fixture: fc.constantFrom<EventFixture>('createobject-unversioned', 'createobject-versioned', 'updateobject', 'deleteobject'),
    name: fc.oneof(fc.constantFrom('a.txt', 'dir/sub/file name.bin', "it's+100%.csv", 'ü/ß/😀.dat'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), fc.constant('n'.repeat(300))),
    bucket: fc.constantFrom('uploads', 'other', 'Uploads'),
    eTag: fc.option(fc.uuid(), { nil: undefined }),
    versionId: fc.option(fc.uuid(), { nil: undefined }),
    archivalState: fc.option(fc.constantFrom('Available', 'Archived', 'Restoring', 'Restored'), { nil: undefined }),
    eventType: fc.option(fc.constantFrom(...OBJECT_EVENT_TYPES), { nil: undefined }),
  })
  .map((target) => {
    const event = eventFor(target.fixture, { namespace: 'examplens', ...target });
    if (target.eventType) event['eventType'] = target.eventType;
    return Buffer.from(JSON.stringify(event));
  });

const input: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: plausibleEvent },
  { weight: 2, arbitrary: generatedBody.map((generated) => bodyOf(generated).input) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, '', Buffer.alloc(0), 42, {}) },
);

const START = 1_700_000_000_000;
const deadline = fc.oneof(
  fc.constant<Date | undefined>(undefined),
  fc.constant(new Date(Number.NaN)),
  fc.integer({ min: -5_000, max: 300_000 }).map((offset) => new Date(START + offset)),
);

function assertCallerError(error: unknown): void {
  assert.ok(error instanceof FnStreamingError, `only our own errors reach the caller, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  assert.ok(error.message.length > 0, 'the error says something');
  assert.ok(!error.message.includes('    at '), `no stack trace: ${error.message}`);
  assert.ok(!error.message.includes(INTERNAL), `no internal detail of an unexpected failure: ${error.message}`);
}

async function assertStream(accepted: readonly StreamMessage[], config: Settings, objectBytes: Buffer, answer: Answer | undefined): Promise<void> {
  const assembler = new Assembler();
  for (const message of accepted) {
    const value = assertContractMessage(message.value);
    assert.ok(message.key.byteLength <= 256, 'keys fit the service limit');
    assert.ok(message.key.byteLength + message.value.byteLength <= config.maxMessageBytes, 'messages fit MAX_MESSAGE_BYTES');
    assert.ok(!JSON.stringify(value.data.reason ?? '').includes(INTERNAL), 'consumers never read internal detail');
  }
  if (!answer) return;
  if (answer.status === 'skipped') {
    assert.equal(answer.messages, 0);
    assert.ok(answer.reason && answer.reason.length > 0, 'a skipped answer says why');
    assert.equal(accepted.length, 0, 'a skipped event publishes nothing');
    return;
  }
  assert.equal(answer.messages, accepted.length, 'the answer counts the messages the stream accepted');
  assert.ok(accepted.every((message) => message.key.toString('utf8') === answer.key), 'every message is under the answer key');
  if (answer.delivery === 'inline' || answer.delivery === 'chunked') {
    let last;
    for (const message of accepted) last = await assembler.accept(message.value);
    assert.ok(last?.kind === 'object' && last.verified, `the consumer rebuilds and verifies the object: ${JSON.stringify(last)}`);
    assert.equal(last.size, objectBytes.length, 'the whole object, not a short or long read of it');
    assert.equal(answer.bytes, objectBytes.length);
  } else if (answer.steppedAside) {
    // A chunked delivery that gave way: the chunks it got in, then the reference saying so.
    assert.equal(accepted.length, answer.steppedAside.chunksPublished + 1);
    let last;
    for (const message of accepted) last = await assembler.accept(message.value);
    assert.equal(last?.kind, 'pointer', 'the reference comes last');
    assert.deepEqual(assembler.incomplete(), [], 'consumers know the rest is not coming');
  } else {
    assert.equal(accepted.length, 1);
  }
}

describe('createHandler over failing fakes, property-based', () => {
  it('answers published/skipped or throws a clear FnStreamingError, whatever the input and the failures', async (t) => {
    let runs = 0;
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(input, behaviour, settings, deadline, fc.integer(), async (body, script, config, at, seed) => {
        runs += 1;
        const clock = new YieldingClock(START);
        const logger = new RecordingLogger();
        const ports = scriptedPorts(script, clock);
        const handler = createHandler({ settings: config, objects: ports.objects, sink: ports.sink, clock, logger, random: seededRandom(seed) });
        const context: CallContext = { callId: randomUUID(), deadline: at };

        let answer: Answer | undefined;
        try {
          answer = await handler(body, context);
          assert.ok(answer.status === 'published' || answer.status === 'skipped', `status ${String(answer.status)}`);
          assert.equal(typeof answer.key, 'string');
          assert.ok(Number.isInteger(answer.messages) && answer.messages >= 0);
          outcomes.set(`${answer.status} ${answer.delivery}`, (outcomes.get(`${answer.status} ${answer.delivery}`) ?? 0) + 1);
        } catch (error) {
          assertCallerError(error);
          outcomes.set((error as Error).name, (outcomes.get((error as Error).name) ?? 0) + 1);
        }
        await assertStream(ports.accepted, config, ports.bytes, answer);
        if (ports.bytes.length >= 48) {
          const logged = logger.text();
          assert.ok(!logged.includes(ports.bytes.subarray(0, 48).toString('base64')), 'object content never reaches the log');
        }
      }),
      { numRuns: 2_500, plugins: [fc.timeout(RUN_TIMEOUT_MS), fc.interruptAfterTimeLimit(TIME_LIMIT_MS)], includeErrorInReport: true },
    );
    t.diagnostic(`${runs} runs: ${[...outcomes].map(([outcome, count]) => `${outcome} ${count}`).join(', ')}`);
    assert.ok(runs >= MIN_RUNS, `only ${runs} runs in ${TIME_LIMIT_MS} ms`);
    // The generators reach every kind of ending, or they have gone blind.
    for (const outcome of ['published inline', 'published chunked', 'published reference', 'published none', 'skipped none', 'InvalidEventError', 'DeadlineExceededError', 'DeliveryIncompleteError', 'PermanentRemoteError']) {
      assert.ok((outcomes.get(outcome) ?? 0) > 0, `no run ended ${outcome}`);
    }
  });
});

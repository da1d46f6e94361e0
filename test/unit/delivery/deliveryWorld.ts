import { deliverEvent } from '../../../src/delivery/deliver';
import type { Invocation } from '../../../src/delivery/invocation';
import type { DeliveryOutcome } from '../../../src/delivery/outcome';
import { planDelivery, type DeliveryPlan } from '../../../src/delivery/plan';
import type { ParsedEvent } from '../../../src/event/parse';
import { messageKey } from '../../../src/message/key';
import type { ObjectSource, OpenedObject, PinnedObject, PutOutcome, StreamMessage } from '../../../src/ports';
import { Deadline } from '../../../src/retry/deadline';
import { DEFAULT_BACKOFF } from '../../../src/retry/retry';
import { bytesOf, FakeClock, FakeSink, openedObject, parsedFixture, RecordingLogger, seededRandom } from '../support/fakes';

/**
 * One event's delivery over fakes, with a stream partition that behaves like the service's: a
 * bucket of bytes refilled at its rate, a throttle that states the wait until the message fits,
 * a round trip per request. Time is the fake clock's, so every decision of the delivery (when it
 * sends, how long it gives way, when it steps aside) can be recorded exactly.
 */

/** The margin the handler keeps back from Fn-Deadline by default. */
export const SAFETY_MARGIN_MS = 2_000;
const MAX_OBJECT_BYTES = 67_108_864;
const CONTENT_TYPE = 'application/octet-stream';

export interface Scenario {
  /** Object size in bytes. */
  size: number;
  maxMessageBytes: number;
  publishBytesPerSecond: number;
  /** Time before Fn-Deadline when the delivery starts. */
  deadlineMs: number;
  /** The partition: its write rate, what it holds when the delivery starts, and the round trip. */
  partition: { bytesPerSecond: number; startBytes: number; roundTripMs: number };
  /** Request numbers (1-based) the stream fails, and how. */
  failures?: Record<number, 'permanent' | 'transient'>;
  /** The reference message is refused too. */
  refuseReference?: boolean;
  seed?: number;
}

export interface Request {
  /** Ms since the delivery started. */
  atMs: number;
  message: string;
  answer: 'accepted' | 'throttled' | 'permanent' | 'transient';
  timeoutMs: number;
}

export interface Trace {
  requests: Request[];
  sleeps: number[];
  result: { outcome: DeliveryOutcome } | { error: { name: string; message: string } };
  attempts: number;
  log: string[];
}

/** What a message is, for the trace: the chunk's index, or the delivery. */
function labelOf(message: StreamMessage): string {
  const data = JSON.parse(message.value.toString('utf8'))['data'];
  return data['delivery'] === 'chunked' ? `chunk ${data['chunk']['index']}` : data['delivery'];
}

/** A partition that holds `startBytes` and refills at its rate, up to one second of it. */
function partitionScript(clock: FakeClock, scenario: Scenario, requests: Request[], startedAt: number) {
  const { bytesPerSecond, roundTripMs } = scenario.partition;
  let held = scenario.partition.startBytes;
  let refilledAt = startedAt;
  return async (message: StreamMessage, call: number): Promise<PutOutcome> => {
    const sentAt = clock.now();
    // The partition decides when the request arrives, half a round trip after it was sent.
    clock.advance(roundTripMs / 2);
    held = Math.min(Math.max(held, bytesPerSecond), held + ((clock.now() - refilledAt) * bytesPerSecond) / 1000);
    refilledAt = clock.now();
    const what = labelOf(message);
    const bytes = message.key.byteLength + message.value.byteLength;
    const failure = scenario.refuseReference && what === 'reference' ? 'permanent' : scenario.failures?.[call];
    let outcome: PutOutcome;
    if (failure === 'permanent') {
      outcome = { accepted: false, error: '400', errorMessage: 'InvalidParameter' };
    } else if (failure === 'transient') {
      outcome = { accepted: false, error: '500', errorMessage: 'InternalServerError' };
    } else if (bytes <= held) {
      held -= bytes;
      outcome = { accepted: true, partition: '0', offset: -1 };
    } else {
      const waitMs = Math.ceil(((bytes - held) * 1000) / bytesPerSecond);
      outcome = { accepted: false, error: '429', errorMessage: `Request was throttled because bytes limit exhausted, next request can be made in ${waitMs} ms` };
    }
    clock.advance(roundTripMs / 2);
    const answer = outcome.accepted ? 'accepted' : failure ?? 'throttled';
    requests.push({ atMs: sentAt - startedAt, message: what, answer, timeoutMs: 0 });
    return outcome;
  };
}

/** The event every scenario delivers, and the object it names. */
function eventAndObject(): { parsed: ParsedEvent; object: PinnedObject } {
  const parsed = parsedFixture('createobject-versioned');
  const details = parsed.event.data.additionalDetails;
  const object: PinnedObject = {
    namespace: details.namespace,
    bucket: details.bucketName,
    name: parsed.event.data.resourceName,
    versionId: details.versionId ?? null,
    eTag: details.eTag ?? null,
  };
  return { parsed, object };
}

/** The plan deliverEvent makes for `scenario`'s object. */
export function plannedFor(scenario: Scenario): DeliveryPlan {
  const { parsed, object } = eventAndObject();
  return planDelivery({
    size: scenario.size,
    parts: { event: parsed.event, rawEvent: parsed.raw, object: { ...object, size: scenario.size, contentType: CONTENT_TYPE, sha256: null } },
    keyBytes: messageKey(object).byteLength,
    maxMessageBytes: scenario.maxMessageBytes,
    maxObjectBytes: MAX_OBJECT_BYTES,
  });
}

/** Runs one delivery of `scenario` and records everything it did. */
export async function runDelivery(scenario: Scenario): Promise<Trace> {
  const clock = new FakeClock();
  const startedAt = clock.now();
  const logger = new RecordingLogger();
  const requests: Request[] = [];
  const sink = new FakeSink(partitionScript(clock, scenario, requests, startedAt));
  const { parsed, object } = eventAndObject();
  const content = bytesOf(scenario.size, scenario.seed ?? 1);
  const objects: ObjectSource = {
    async open(_object, options): Promise<OpenedObject> {
      const from = (options as { resumeAt?: { offset: number } }).resumeAt?.offset ?? 0;
      const metadata = { size: scenario.size, contentType: CONTENT_TYPE, eTag: object.eTag, versionId: object.versionId };
      return openedObject(content.subarray(from), { pieces: [65_536], metadata });
    },
    async createReadUrl(): Promise<string> {
      throw new Error('REFERENCE_URL_TTL_SECONDS is 0 here');
    },
  };
  const deadline = new Deadline(clock, startedAt + scenario.deadlineMs, SAFETY_MARGIN_MS);
  const invocation: Invocation = {
    callId: 'call-chunked',
    parsed,
    object,
    key: messageKey(object),
    settings: {
      maxMessageBytes: scenario.maxMessageBytes,
      maxObjectBytes: MAX_OBJECT_BYTES,
      publishBytesPerSecond: scenario.publishBytesPerSecond,
      referenceUrlTtlSeconds: 0,
    },
    objects,
    sink,
    clock,
    logger,
    deadline,
    retry: { clock, deadline, random: seededRandom(scenario.seed ?? 7), policy: DEFAULT_BACKOFF },
    stats: { attempts: 0, readMs: 0, publishMs: 0, opcRequestIds: {} },
  };
  let result: Trace['result'];
  try {
    result = { outcome: await deliverEvent(invocation) };
  } catch (error) {
    result = { error: { name: (error as Error).name, message: (error as Error).message } };
  }
  sink.requests.forEach((request, index) => (requests[index]!.timeoutMs = request.timeoutMs));
  return {
    requests,
    sleeps: clock.sleeps,
    result,
    attempts: invocation.stats.attempts,
    log: logger.lines.map((line) => `${line.level} ${line.message}`),
  };
}

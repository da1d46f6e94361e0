import assert from 'node:assert/strict';
import type { InvokeResult } from '../../harness';
import { expectedKey, type StreamReading, type StreamTap } from './stream-reading';
import { BUCKET, NAMESPACE, type World } from './world';

/**
 * What a test expects of one invocation, checked on both sides: the function's answer (per the
 * contract) and what the stream gained.
 */

type Delivery = 'inline' | 'chunked' | 'reference' | 'none';

export interface PublishedExpectation {
  name: string;
  namespace?: string;
  bucket?: string;
  delivery: Delivery;
  /** The object's bytes, for inline and chunked: they must come back out of the stream whole. */
  content?: Buffer;
  /** The event sent: every message must carry it unchanged as data.event. */
  event?: Record<string, any>;
}

export interface Published {
  answer: Record<string, any>;
  reading: StreamReading;
}

function context(result: InvokeResult, world: Pick<World, 'fn'>): string {
  return `answer ${result.status}: ${result.rawBody}\nfunction output:\n${world.fn.output()}`;
}

/** Reads the stream first, so a failed expectation still leaves the tap at the end of this call. */
async function readAfter(tap: StreamTap, result: InvokeResult, world: Pick<World, 'fn'>): Promise<StreamReading> {
  try {
    return await tap.read();
  } catch (error) {
    if (error instanceof Error) error.message += `\n${context(result, world)}`;
    throw error;
  }
}

/** The answer of a successful (HTTP 200) invocation. */
export function successAnswer(result: InvokeResult, world: Pick<World, 'fn'>): Record<string, any> {
  assert.equal(result.status, 200, context(result, world));
  assert.equal(typeof result.json, 'object', context(result, world));
  assert.ok(result.json !== null && !Array.isArray(result.json));
  return result.json as Record<string, any>;
}

export async function expectPublished(world: World, tap: StreamTap, result: InvokeResult, expected: PublishedExpectation): Promise<Published> {
  const reading = await readAfter(tap, result, world);
  const answer = successAnswer(result, world);
  const key = expectedKey(expected.namespace ?? NAMESPACE, expected.bucket ?? BUCKET, expected.name);
  assert.equal(answer.status, 'published', context(result, world));
  assert.equal(answer.delivery, expected.delivery, context(result, world));
  assert.equal(answer.key, key);
  assert.equal(answer.messages, reading.messages.length, 'answer.messages counts the messages written');
  if (expected.event) assert.equal(answer.eventId, expected.event.eventID);

  for (const message of reading.messages) {
    assert.equal(message.key, key);
    assert.equal(message.value.data.delivery, expected.delivery);
    assert.equal(message.value.data.object.name, expected.name);
    assert.equal(message.value.data.event.eventID, answer.eventId);
    if (expected.event) assert.deepEqual(message.value.data.event, expected.event, 'data.event is the event exactly as received');
  }

  if (expected.delivery === 'inline' || expected.delivery === 'chunked') {
    assert.ok(expected.content, 'an inline or chunked expectation names the content');
    if (expected.delivery === 'inline') assert.equal(reading.messages.length, 1);
    else assert.ok(reading.messages.length >= 2, `chunked into ${reading.messages.length} message(s)`);
    assert.equal(answer.bytes, expected.content.byteLength);
    assert.equal(answer.reason, undefined);
    assert.equal(reading.objects.length, 1, 'one object rebuilt from the stream');
    const [rebuilt] = reading.objects;
    assert.equal(rebuilt?.delivery, expected.delivery);
    assert.equal(rebuilt?.eventId, answer.eventId);
    assert.ok(rebuilt?.bytes.equals(expected.content), 'the rebuilt object is byte-for-byte the uploaded one');
  } else {
    assert.equal(reading.messages.length, 1);
    assert.equal(reading.objects.length, 0);
    const data = reading.messages[0]!.value.data;
    assert.equal(data.content, undefined);
    assert.equal(data.chunk, undefined);
    assert.equal(typeof data.reason, 'string');
    if (expected.delivery === 'reference') assert.equal(answer.reason, data.reason, 'the answer gives the same reason as the message');
    assert.equal(answer.bytes, data.object.size ?? 0);
  }
  return { answer, reading };
}

/** A `skipped` answer (status, reason, messages 0) and nothing in the stream. */
export async function expectSkipped(world: World, tap: StreamTap, result: InvokeResult, reason: RegExp): Promise<Record<string, any>> {
  const reading = await readAfter(tap, result, world);
  const answer = successAnswer(result, world);
  assert.equal(answer.status, 'skipped', context(result, world));
  assert.equal(answer.messages, 0);
  assert.match(String(answer.reason), reason);
  assert.equal(reading.messages.length, 0, 'a skipped event publishes nothing');
  assert.deepEqual(reading.requests.filter((r) => r.operation === 'putMessages'), []);
  return answer;
}

/**
 * An error answer (the fdk's HTTP 502 with the error in `detail`) after which nothing was
 * published, and neither a read nor a publish was even tried unless `attempted` allows it.
 */
export async function expectRefused(
  world: World,
  tap: StreamTap,
  result: InvokeResult,
  detail: RegExp | RegExp[],
  attempted: { read?: boolean; publish?: boolean } = {},
): Promise<string> {
  const reading = await readAfter(tap, result, world);
  assert.equal(result.status, 502, context(result, world));
  const body = result.json as { message?: unknown; detail?: unknown } | undefined;
  assert.equal(typeof body?.detail, 'string', context(result, world));
  const text = body!.detail as string;
  for (const pattern of [detail].flat()) assert.match(text, pattern);
  assert.equal(reading.messages.length, 0, 'nothing published');
  if (!attempted.read) {
    assert.deepEqual(reading.requests.filter((r) => r.operation === 'getObject'), [], 'nothing read from Object Storage');
  }
  if (!attempted.publish) {
    assert.deepEqual(reading.requests.filter((r) => r.operation === 'putMessages'), [], 'no publish tried');
  }
  assert.equal(world.fn.exited(), null, 'the function process is still running');
  return text;
}

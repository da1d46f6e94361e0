import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markedContent } from '../support/content';
import { expectPublished } from './support/stream-expect';
import { worldForSuite } from './support/suite';

/**
 * References with a pre-authenticated URL, and references forced by the deadline: the pace is the
 * slowest allowed, so any chunked delivery here would take longer than a short Fn-Deadline.
 */
const MAX_MESSAGE_BYTES = 8192;

const suite = worldForSuite(() => ({
    config: {
      MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
      MAX_OBJECT_BYTES: '30000',
      PUBLISH_BYTES_PER_SECOND: '1024',
      REFERENCE_URL_TTL_SECONDS: '600',
    },
  }), { maxMessageBytes: MAX_MESSAGE_BYTES });

/** Reads the URL anonymously, as a consumer without OCI credentials would. */
async function fetchAnonymously(url: string): Promise<Buffer> {
  const response = await fetch(url);
  assert.equal(response.status, 200, `GET ${url}`);
  return Buffer.from(await response.arrayBuffer());
}

test('a reference carries data.object.url, which serves the object bytes', async () => {
  const name = 'big/with url #1.bin';
  const content = markedContent(30_001);
  const { eTag } = suite.world.upload(name, content);
  const event = suite.world.eventFor('createobject-unversioned', { name, eTag });

  const { answer, reading } = await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event), { name, delivery: 'reference', event });

  assert.match(answer.reason, /MAX_OBJECT_BYTES/);
  const { url } = reading.messages[0]!.value.data.object;
  assert.equal(typeof url, 'string');
  assert.ok(url.startsWith(suite.world.emulator.url), url);
  assert.ok((await fetchAnonymously(url)).equals(content), 'the URL serves the object byte for byte');
  const parRead = suite.world.emulator.requests().filter((r) => r.operation === 'parGetObject');
  assert.equal(parRead.length, 1);
  assert.equal(parRead[0]!.keyId, undefined, 'the URL needs no signature');
});

test('a delivery that cannot finish before the deadline becomes a reference, answered in time', async () => {
  const name = 'slow/too-slow-for-deadline.bin';
  const content = markedContent(20_000);
  const { eTag } = suite.world.upload(name, content);
  const event = suite.world.eventFor('createobject-unversioned', { name, eTag });
  const deadlineMs = 4_000;

  const result = await suite.world.fn.invoke(event, { deadlineMs });
  const { answer, reading } = await expectPublished(suite.world, suite.tap, result, { name, delivery: 'reference', event });

  assert.ok(result.durationMs < deadlineMs, `answered after ${Math.round(result.durationMs)} ms`);
  assert.match(answer.reason, /PUBLISH_BYTES_PER_SECOND \(1024\)/);
  assert.match(answer.reason, /deadline/);
  assert.equal(answer.bytes, content.byteLength);
  assert.ok((await fetchAnonymously(reading.messages[0]!.value.data.object.url)).equals(content));
});

test('with the same pace, a small object still goes inline (inline is not paced)', async () => {
  const name = 'slow/small.bin';
  const content = markedContent(2_000);
  const { eTag } = suite.world.upload(name, content);
  const event = suite.world.eventFor('createobject-unversioned', { name, eTag });
  const { reading } = await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event, { deadlineMs: 4_000 }), { name, delivery: 'inline', content, event });
  assert.equal(reading.messages[0]!.value.data.object.url, undefined, 'content deliveries carry no URL');
});

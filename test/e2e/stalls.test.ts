import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RequestRecord } from '../emulator';
import { markedContent } from '../support/content';
import { neverAcceptingPeer, refusingPort, startTlsFront, testCaFile, type TlsFront } from './support/peers';
import { expectPublished } from './support/stream-expect';
import { StreamTap } from './support/stream-reading';
import { worldForSuite } from './support/suite';
import { startWorld, type World } from './support/world';

/**
 * Peers that stop answering, through the built function as the image runs it: each stalled
 * attempt is abandoned within the transport's bounds (README, How it behaves) and the retry, on a
 * new connection, publishes before the deadline. Bounds: connect and TLS 5 s, response headers
 * 10 s (plus 10 s per MB of body), a body read idle 10 s.
 */

/** A stall costs one bound (10 s) before the retry: the deadlines the issue measured, with the retry fitting. */
const SMALL_DEADLINE_MS = 30_000;
const CHUNKED_DEADLINE_MS = 45_000;
/** Small messages, so a 120 KB object is a chunked delivery of several chunks. */
const CHUNKED_CONFIG = { MAX_MESSAGE_BYTES: '20000' };

/** The stalled request's connection was closed by the function, about one bound after it was sent. */
function assertAbandoned(record: RequestRecord | undefined, boundMs: number): void {
  assert.ok(record, 'the stalled request reached the emulator');
  assert.notEqual(record.socketClosedAfterMs, undefined, 'its connection was closed by the function');
  assert.ok(record.socketClosedAfterMs! >= boundMs - 500, `closed after ${Math.round(record.socketClosedAfterMs!)} ms, not before the bound`);
  assert.ok(record.socketClosedAfterMs! < boundMs + 5_000, `closed after ${Math.round(record.socketClosedAfterMs!)} ms, soon after the bound`);
}

describe('stalls over plain http (the emulator as the stalled peer)', () => {
  const suite = worldForSuite(() => ({ config: CHUNKED_CONFIG }));

  test('a PutMessages never answered: abandoned after 10 s, retried on a new connection, published before a 30 s deadline', async () => {
    const { world, tap } = suite;
    world.emulator.injectFault({ operation: 'putMessages', stall: true, times: 1 });
    const name = 'stalls/small.txt';
    const content = markedContent(2_000);
    const result = await world.uploadAndInvoke(name, content, { deadlineMs: SMALL_DEADLINE_MS });
    await expectPublished(world, tap, result, { name, delivery: 'inline', content });
    assert.ok(result.durationMs < SMALL_DEADLINE_MS - 2_000, `answered after ${Math.round(result.durationMs)} ms`);
    const puts = world.emulator.requests().filter((r) => r.operation === 'putMessages');
    assert.deepEqual(puts.map((r) => r.status), [0, 200], 'the stalled attempt, then its retry');
    assertAbandoned(puts[0], 10_000);
  });

  test("the third chunk's PutMessages never answered: that chunk sent again, the delivery published before a 45 s deadline", async () => {
    const { world, tap } = suite;
    const before = world.emulator.requests().length;
    world.emulator.injectFault({ operation: 'putMessages', times: 2 });
    world.emulator.injectFault({ operation: 'putMessages', stall: true, times: 1 });
    const name = 'stalls/chunked.bin';
    const content = markedContent(120_000);
    const result = await world.uploadAndInvoke(name, content, { deadlineMs: CHUNKED_DEADLINE_MS });
    const { answer } = await expectPublished(world, tap, result, { name, delivery: 'chunked', content });
    assert.ok(answer.messages >= 4, `${answer.messages} chunks`);
    const puts = world.emulator.requests().slice(before).filter((r) => r.operation === 'putMessages');
    assert.deepEqual(puts.slice(0, 4).map((r) => r.status), [200, 200, 0, 200], 'chunks 0 and 1, chunk 2 stalled, chunk 2 again');
    assert.equal(puts.length, answer.messages + 1);
    assertAbandoned(puts[2], 10_000);
  });

  test('an object body that stops part-way with its connection open: resumed at the byte reached, published', async () => {
    const { world, tap } = suite;
    const before = world.emulator.requests().length;
    world.emulator.injectFault({ operation: 'getObject', stallBodyAfterBytes: 50_000, times: 1 });
    const name = 'stalls/body.bin';
    const content = markedContent(120_000);
    const result = await world.uploadAndInvoke(name, content, { deadlineMs: SMALL_DEADLINE_MS });
    await expectPublished(world, tap, result, { name, delivery: 'chunked', content });
    const reads = world.emulator.requests().slice(before).filter((r) => r.operation === 'getObject');
    assert.deepEqual(reads.map((r) => r.status), [200, 206], 'the stalled read, then the rest as a range');
    assertAbandoned(reads[0], 10_000);
  });
});

describe('https through a TLS front with its own CA (NODE_EXTRA_CA_CERTS)', () => {
  let front: TlsFront;
  let world: World;
  let tap: StreamTap;
  before(async () => {
    front = await startTlsFront();
    world = await startWorld({
      config: { ...CHUNKED_CONFIG, OCI_STREAM_ENDPOINT: front.url, OCI_OBJECTSTORAGE_ENDPOINT: front.url, NODE_EXTRA_CA_CERTS: testCaFile() },
    });
    front.forwardTo(world.emulator.url);
    tap = new StreamTap(world);
  });
  after(async () => {
    await world?.stop();
    await front?.close();
  });

  test('an inline object is read and published over https, end to end', async () => {
    const name = 'tls/inline.txt';
    const content = markedContent(5_000);
    await expectPublished(world, tap, await world.uploadAndInvoke(name, content), { name, delivery: 'inline', content });
  });

  test('a chunked object is read and published over https, end to end', async () => {
    const name = 'tls/chunked.bin';
    const content = markedContent(120_000);
    await expectPublished(world, tap, await world.uploadAndInvoke(name, content, { deadlineMs: CHUNKED_DEADLINE_MS }), { name, delivery: 'chunked', content });
  });

  test('a TLS handshake that never completes: abandoned after 5 s, a new connection publishes before a 30 s deadline', async () => {
    // After the tests above the function holds kept-alive connections; let them go idle and close first.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    front.stallHandshakes(1);
    const name = 'tls/stalled-handshake.txt';
    const content = markedContent(2_000);
    const result = await world.uploadAndInvoke(name, content, { deadlineMs: SMALL_DEADLINE_MS });
    await expectPublished(world, tap, result, { name, delivery: 'inline', content });
    assert.equal(front.stalled.length, 1, 'one handshake was left hanging');
    const closed = front.stalled[0]!.closedAfterMs;
    assert.ok(closed !== undefined && closed >= 4_500 && closed < 10_000, `the hanging connection was closed by the function after ${closed} ms`);
  });
});

/** The answer of an invocation that failed: 502 with the error's text in `detail`. */
function failureDetail(result: { status: number; json: unknown; rawBody: string }): string {
  assert.equal(result.status, 502, result.rawBody);
  return String((result.json as { detail?: unknown } | undefined)?.detail ?? result.rawBody);
}

describe('a stream endpoint that cannot be reached is answered before the deadline, naming the host and the failure', () => {
  const DEADLINE_MS = 15_000;

  async function invokeAgainst(endpoint: string) {
    const world = await startWorld({ config: { OCI_STREAM_ENDPOINT: endpoint } });
    try {
      const result = await world.invokeEvent('deleteobject', { name: 'unreachable/gone.txt' }, { deadlineMs: DEADLINE_MS });
      return { result, output: world.fn.output() };
    } finally {
      await world.stop();
    }
  }

  test('a host name that does not resolve: answered at once, not retried, with the DNS fix', async () => {
    const host = 'no-such-stream-pool.invalid';
    const { result, output } = await invokeAgainst(`https://${host}`);
    const detail = failureDetail(result);
    assert.match(detail, /UnusableEndpointError/);
    assert.match(detail, new RegExp(`the host name ${host.replaceAll('.', '\\.')} does not resolve \\(ENOTFOUND\\)`));
    assert.match(detail, /DNS labels/);
    assert.ok(result.durationMs < 5_000, `answered after ${Math.round(result.durationMs)} ms`);
    assert.doesNotMatch(output, /"retrying"/, 'not retried');
    assert.doesNotMatch(output, /\[object Object\]/, 'every cause in the log is readable');
  });

  test('a port that refuses connections: retried, then answered before the deadline naming the host', async () => {
    const port = await refusingPort();
    const { result, output } = await invokeAgainst(`http://127.0.0.1:${port}`);
    const detail = failureDetail(result);
    assert.match(detail, new RegExp(`127\\.0\\.0\\.1:${port} refused the connection \\(ECONNREFUSED\\)`));
    assert.ok(result.durationMs < DEADLINE_MS, `answered after ${Math.round(result.durationMs)} ms`);
    assert.doesNotMatch(output, /\[object Object\]/);
    assert.doesNotMatch(output, /All retry attempts have exhausted/, 'no SDK retry notices at info level');
  });

  test('a listener that never accepts: each attempt abandoned after 5 s, answered before the deadline naming the host', async () => {
    const peer = await neverAcceptingPeer();
    try {
      const { result } = await invokeAgainst(`http://127.0.0.1:${peer.port}`);
      const detail = failureDetail(result);
      assert.match(detail, new RegExp(`no connection to 127\\.0\\.0\\.1:${peer.port} within \\d`));
      assert.match(detail, /security rules/);
      assert.ok(result.durationMs < DEADLINE_MS, `answered after ${Math.round(result.durationMs)} ms`);
    } finally {
      peer.close();
    }
  });
});

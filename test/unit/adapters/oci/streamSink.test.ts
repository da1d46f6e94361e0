import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { RequestSigner } from 'oci-common';
import type { StreamClient } from 'oci-streaming';
import { OciStreamSink } from '../../../../src/adapters/oci/streamSink';
import { NodeHttpClient } from '../../../../src/adapters/oci/transport/nodeHttpClient';
import { ThrottledError } from '../../../../src/errors';

const signer: RequestSigner = {
  signHttpRequest: async (request) => {
    request.headers.set('authorization', 'Signature test');
  },
};

/**
 * Larger than loopback's socket buffers can take (Linux grows a send buffer to 4 MB), so the body
 * is still being written when the early answer arrives.
 */
const LARGE = 12_000_000;

interface Received {
  /** 1 for the first request the server saw. */
  request: number;
  body: Buffer;
}

function reply(socket: Socket, status: string, json: unknown): void {
  const text = JSON.stringify(json);
  socket.write(`HTTP/1.1 ${status}\r\ncontent-type: application/json\r\nopc-request-id: req\r\ncontent-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}

/**
 * A stream endpoint, on raw sockets, that answers its first request 429 as soon as the headers
 * arrive, before reading the body, and reads that body only a while later; every request's body
 * is recorded as the server read it. Others are accepted, one entry each.
 */
async function earlyAnsweringServer() {
  const received: Received[] = [];
  let requests = 0;
  const server = createServer((socket) => {
    let head = Buffer.alloc(0);
    let body: Buffer[] = [];
    let bodyBytes = 0;
    let expecting: number | undefined;
    let early = false;
    let request = 0;
    const onData = (data: Buffer): void => {
      if (expecting === undefined) {
        head = Buffer.concat([head, data]);
        const end = head.indexOf('\r\n\r\n');
        if (end === -1) return;
        expecting = Number(/content-length: *(\d+)/i.exec(head.subarray(0, end).toString('latin1'))?.[1] ?? 0);
        const rest = head.subarray(end + 4);
        head = Buffer.alloc(0);
        request = ++requests;
        early = request === 1;
        if (early) {
          reply(socket, '429 Too Many Requests', { code: 'TooManyRequests', message: 'throttled' });
          // The body is still on its way: read it later, as a busy server might.
          socket.pause();
          setTimeout(() => socket.resume(), 300).unref();
        }
        if (rest.byteLength > 0) onData(rest);
        return;
      }
      const take = Math.min(data.byteLength, expecting - bodyBytes);
      body.push(data.subarray(0, take));
      bodyBytes += take;
      if (bodyBytes < expecting) return;
      received.push({ request, body: Buffer.concat(body) });
      body = [];
      bodyBytes = 0;
      expecting = undefined;
      if (!early) reply(socket, '200 OK', { failures: 0, entries: [{ partition: '0', offset: received.length }] });
      if (take < data.byteLength) onData(data.subarray(take));
    };
    socket.on('data', onData);
  });
  after(() => server.close());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('OciStreamSink', () => {
  it('never lets a server that answers early see another request’s bytes in a body still being written', async () => {
    const { received, base } = await earlyAnsweringServer();
    const sink = new OciStreamSink({ endpoint: base } as StreamClient, 'ocid1.stream.oc1..test', new NodeHttpClient(signer));
    const key = Buffer.from('examplens/uploads/object');
    const first = { key, value: Buffer.alloc(LARGE, 'a') };
    const second = { key, value: Buffer.alloc(LARGE, 'b') };

    await assert.rejects(sink.put([first], { timeoutMs: 5_000 }), ThrottledError);
    const [outcome] = await sink.put([second], { timeoutMs: 5_000 });
    assert.equal(outcome?.accepted, true);

    const deadline = Date.now() + 5_000;
    while (received.length < 2 && Date.now() < deadline) await delay(20);
    const values = [...received].sort((a, b) => a.request - b.request).map(({ body }) => {
      const { messages } = JSON.parse(body.toString('latin1')) as { messages: Array<{ value: string }> };
      return Buffer.from(messages[0]!.value, 'base64');
    });
    assert.equal(values.length, 2);
    assert.ok(values[0]!.equals(first.value), 'the early-answered request carried only its own bytes');
    assert.ok(values[1]!.equals(second.value));
  });
});

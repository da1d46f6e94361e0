import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { HttpRequest, RequestSigner } from 'oci-common';
import { Headers } from '../../../../../src/adapters/oci/bundle/sdkHeaders';
import type { TransportBounds } from '../../../../../src/adapters/oci/transport/bounds';
import type { TransportFailure } from '../../../../../src/adapters/oci/transport/failure';
import { NodeHttpClient, type TransportResponse } from '../../../../../src/adapters/oci/transport/nodeHttpClient';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  socket: unknown;
}

/** Records what the signer was asked, and signs by setting a header, as the SDK's signer does. */
function recordingSigner() {
  const calls: Array<{ uri: string; forceExcludeBody: boolean }> = [];
  const signer: RequestSigner = {
    signHttpRequest: async (request, forceExcludeBody = false) => {
      calls.push({ uri: request.uri, forceExcludeBody });
      request.headers.set('authorization', 'Signature test');
    },
  };
  return { signer, calls };
}

const servers: Server[] = [];
after(() => {
  for (const server of servers) {
    server.closeAllConnections?.();
    server.close();
  }
});

async function listening(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function recordingServer(answer = '{"ok":true}') {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const pieces: Buffer[] = [];
    req.on('data', (piece: Buffer) => pieces.push(piece));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(pieces).toString(), socket: req.socket });
      res.writeHead(200, { 'content-type': 'application/json', 'opc-request-id': 'server-id', 'opc-meta-color': 'blue' });
      res.end(answer);
    });
  });
  return { received, base: `http://${await listening(server)}` };
}

function request(method: HttpRequest['method'], uri: string, body?: string, headers: Record<string, string> = {}): HttpRequest {
  return { method, uri, headers: new Headers({ 'content-type': 'application/json', ...headers }) as unknown as HttpRequest['headers'], body };
}

const asTransport = (response: Response) => response as unknown as TransportResponse;

/** Waits (bounded) until `condition` holds. */
async function until(condition: () => boolean, what: string, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) assert.fail(`${what} did not happen within ${ms} ms`);
    await delay(10);
  }
}

describe('NodeHttpClient', () => {
  it('sends the signed request and answers what the SDK reads of a response', async () => {
    const { received, base } = await recordingServer();
    const { signer, calls } = recordingSigner();
    const client = new NodeHttpClient(signer);
    const response = asTransport(await client.send(request('GET', `${base}/n/ns/b/bucket/o/it's%20here?versionId=v1`)));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('OPC-Request-Id'), 'server-id');
    assert.equal(response.headers.get('absent'), null);
    const meta: string[] = [];
    response.headers.forEach((value, name) => name.startsWith('opc-meta-') && meta.push(`${name}=${value}`));
    assert.deepEqual(meta, ['opc-meta-color=blue']);
    assert.deepEqual(await response.json(), { ok: true });
    assert.equal(received[0]!.url, "/n/ns/b/bucket/o/it's%20here?versionId=v1", 'the path as signed');
    assert.equal(received[0]!.headers['authorization'], 'Signature test');
    assert.deepEqual(calls, [{ uri: `${base}/n/ns/b/bucket/o/it's%20here?versionId=v1`, forceExcludeBody: false }]);
  });

  it('sends string bodies with their length, and keeps the connection for the next request', async () => {
    const { received, base } = await recordingServer();
    const client = new NodeHttpClient(recordingSigner().signer);
    for (const body of ['{"name":"é"}', '{"second":true}']) await asTransport(await client.send(request('POST', `${base}/p`, body))).text();
    assert.deepEqual(received.map((r) => [r.body, r.headers['content-length']]), [['{"name":"é"}', '13'], ['{"second":true}', '15']]);
    assert.equal(received[0]!.socket, received[1]!.socket, 'one kept-alive connection');
  });

  it('sends a body the caller assembled, signed without it, and releases it once written', async () => {
    const { received, base } = await recordingServer();
    const { signer, calls } = recordingSigner();
    const client = new NodeHttpClient(signer);
    const body = Buffer.from('{"messages":[{"key":"aw==","value":"dg=="}]}');
    let released = 0;
    const response = await client.sendUnsignedBody(request('POST', `${base}/m`), body, { onBodyReleased: () => released++ });
    await response.text();
    assert.deepEqual(received.map((r) => [r.body, r.headers['content-length']]), [[body.toString(), String(body.byteLength)]]);
    assert.deepEqual(calls, [{ uri: `${base}/m`, forceExcludeBody: true }]);
    await until(() => released === 1, 'the body released');
    assert.equal(released, 1, 'released once');
  });

  it('releases the body when signing fails, and sends nothing', async () => {
    const { received, base } = await recordingServer();
    const client = new NodeHttpClient({ signHttpRequest: async () => Promise.reject(new Error('no key')) });
    let released = 0;
    await assert.rejects(client.sendUnsignedBody(request('POST', `${base}/m`), Buffer.from('{}'), { onBodyReleased: () => released++ }), /no key/);
    assert.equal(released, 1);
    assert.equal(received.length, 0, 'nothing was sent');
  });

  it('verifies the certificate of an https endpoint', async () => {
    const tls = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'fixtures', 'tls', 'self-signed-localhost.json'), 'utf8')) as { cert: string; key: string };
    const server = createTlsServer({ cert: tls.cert, key: tls.key }, (_req, res) => res.end('{}'));
    const host = await listening(server);
    const client = new NodeHttpClient(recordingSigner().signer);
    await assert.rejects(client.send(request('GET', `https://${host.replace('127.0.0.1', 'localhost')}/`)), (error: NodeJS.ErrnoException) => {
      assert.equal(error.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
      return true;
    });
  });

  it('refuses endpoints that are neither http nor https', async () => {
    const client = new NodeHttpClient(recordingSigner().signer);
    await assert.rejects(client.send(request('GET', 'ftp://127.0.0.1/x')), /Unsupported endpoint scheme ftp:/);
  });
});

const SHORT: TransportBounds = { connectMs: 400, headersBaseMs: 400, headersPerMegabyteMs: 0, bodyIdleMs: 400 };

/** A loopback server that takes connections and never answers; records when each of its sockets closed. */
async function silentServer(kind: 'http' | 'tcp') {
  const sockets: Array<{ socket: Socket; closed: boolean }> = [];
  const track = (socket: Socket) => {
    const entry = { socket, closed: false };
    sockets.push(entry);
    socket.once('close', () => (entry.closed = true));
    // Read what comes (and throw it away), so the end of the connection is seen.
    socket.resume();
  };
  const server = kind === 'http' ? createServer((req) => void req.resume()) : (createNetServer(track) as unknown as Server);
  if (kind === 'http') server.on('connection', track);
  return { sockets, host: await listening(server) };
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('NodeHttpClient bounds', () => {
  it('abandons a request whose response does not come: socket closed, body released and collected', async () => {
    const { sockets, host } = await silentServer('http');
    const client = new NodeHttpClient(recordingSigner().signer, SHORT);
    let released = false;
    let bodyRef!: WeakRef<Buffer>;
    const sending = (() => {
      const body = Buffer.alloc(64 * 1024, 'a');
      bodyRef = new WeakRef(body);
      return client.sendUnsignedBody(request('POST', `http://${host}/m`), body, { onBodyReleased: () => (released = true) });
    })();
    const startedAt = Date.now();
    await assert.rejects(sending, (error: TransportFailure) => {
      assert.equal(error.code, 'FN_NO_RESPONSE');
      assert.equal(error.host, host);
      assert.match(error.message, new RegExp(`${host} sent no response within 0.4 s`));
      return true;
    });
    assert.ok(Date.now() - startedAt >= 350, 'not before the bound');
    await until(() => sockets.length === 1 && sockets[0]!.closed, 'the server seeing its socket closed');
    await until(() => released, 'the body released');
    await until(
      () => {
        collectGarbage();
        return bodyRef.deref() === undefined;
      },
      'the body collected',
    );
  });

  it('abandons a connection whose TLS handshake does not complete', async () => {
    const { sockets, host } = await silentServer('tcp');
    const client = new NodeHttpClient(recordingSigner().signer, SHORT);
    await assert.rejects(client.send(request('GET', `https://${host}/`)), (error: TransportFailure) => {
      assert.equal(error.code, 'FN_CONNECT_TIMEOUT');
      assert.match(error.message, new RegExp(`no connection and TLS handshake to ${host} within 0.4 s`));
      return true;
    });
    await until(() => sockets.length === 1 && sockets[0]!.closed, 'the server seeing its socket closed');
  });

  it('abandons the requests of an SDK call when its signal aborts', async () => {
    const { sockets, host } = await silentServer('http');
    const client = new NodeHttpClient(recordingSigner().signer);
    const controller = new AbortController();
    const call = client.abandonedOnAbort(controller.signal, async (opcClientRequestId) => {
      await delay(1);
      return client.send(request('GET', `http://${host}/`, undefined, { 'opc-client-request-id': opcClientRequestId }));
    });
    await until(() => sockets.length === 1, 'the request reaching the server');
    const reason = new Error('attempt timed out');
    controller.abort(reason);
    await assert.rejects(call, (error: TransportFailure) => {
      assert.equal(error.code, 'FN_NO_RESPONSE', 'said as what it was waiting for');
      assert.match(error.message, new RegExp(`^${host} sent no response within .* \\(all the time the attempt had\\)`));
      assert.equal(error.cause, reason);
      return true;
    });
    await until(() => sockets[0]!.closed, 'the server seeing its socket closed');
  });

  it('after an abandoned request, the next one opens a new connection (idle ones are closed too)', async () => {
    const seen: Socket[] = [];
    let stall = false;
    const server = createServer((req, res) => {
      seen.push(req.socket);
      if (!stall) res.end('{}');
    });
    const base = `http://${await listening(server)}`;
    const client = new NodeHttpClient(recordingSigner().signer, SHORT);
    // Two connections, both kept alive and idle afterwards.
    await Promise.all([0, 1].map(async () => asTransport(await client.send(request('GET', `${base}/`))).text()));
    const kept = new Set(seen);
    assert.equal(kept.size, 2);
    stall = true;
    await assert.rejects(client.send(request('GET', `${base}/`)), /sent no response/);
    stall = false;
    await asTransport(await client.send(request('GET', `${base}/`))).text();
    assert.ok(!kept.has(seen.at(-1)!), 'the retry did not reuse a connection from before the stall');
  });
});

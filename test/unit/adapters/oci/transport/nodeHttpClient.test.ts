import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { HttpRequest, RequestSigner } from 'oci-common';
import { Headers } from '../../../../../src/adapters/oci/bundle/sdkHeaders';
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
    server.closeAllConnections();
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

  it('sends a prepared body instead of the SDK body for the request with its opc-request-id, and only for it', async () => {
    const { received, base } = await recordingServer();
    const client = new NodeHttpClient(recordingSigner().signer);
    const prepared = Buffer.from('{"messages":[{"key":"aw==","value":"dg=="}]}');
    await client.withPreparedBody(prepared, async (opcRequestId) => {
      assert.match(opcRequestId, /^[0-9A-F]{32}$/);
      await asTransport(await client.send(request('POST', `${base}/m`, '{"messages":[]}', { 'opc-request-id': opcRequestId }), true)).text();
      await asTransport(await client.send(request('POST', `${base}/m`, '{"other":1}', { 'opc-request-id': 'someone-else' }), true)).text();
    });
    assert.deepEqual(received.map((r) => r.body), [prepared.toString(), '{"other":1}']);
    assert.equal(received[0]!.headers['content-length'], String(prepared.byteLength));
  });

  it('refuses a prepared body for a request whose body the signature covers', async () => {
    const { received, base } = await recordingServer();
    const client = new NodeHttpClient(recordingSigner().signer);
    await client.withPreparedBody(Buffer.from('{}'), async (opcRequestId) => {
      await assert.rejects(client.send(request('POST', `${base}/m`, '{"a":1}', { 'opc-request-id': opcRequestId }), false), /signature does not cover/);
    });
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

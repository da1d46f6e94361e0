import assert from 'node:assert/strict';
import { createPrivateKey, createVerify, generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import * as common from 'oci-common';
import { ObjectStorageClient } from 'oci-objectstorage';
import { boundedClientParams, createOciClients } from '../../../../src/adapters/oci/clients';

describe('createOciClients', () => {
  const received: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  const server = createServer((req, res) => {
    received.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'opc-request-id': 'r' });
    res.end('"examplens"');
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it("signs the SDK clients' requests with the function's signer: the key parsed once, the signature valid", async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    const provider = new common.SimpleAuthenticationDetailsProvider('tenancy', 'user', 'fingerprint', pem, null, common.Region.US_ASHBURN_1);
    let parses = 0;
    const clients = createOciClients(provider, { stream: base, objectStorage: base }, (text, passphrase) => {
      parses++;
      return createPrivateKey({ key: text, format: 'pem', ...(passphrase ? { passphrase } : {}) });
    });

    for (let i = 0; i < 3; i++) assert.equal((await clients.objectStorage.getNamespace({})).value, 'examplens');

    // Through the SDK's own signer (the slow path), the function's key parser would never run.
    assert.equal(parses, 1, 'the fast signer was used, and parsed the key once');
    assert.equal(received.length, 3);
    for (const { url, headers } of received) {
      const signature = /signature="([^"]+)"/.exec(String(headers.authorization))?.[1] ?? '';
      const signed = `x-date: ${String(headers['x-date'])}\n(request-target): get ${url}\nhost: ${String(headers.host)}`;
      assert.ok(createVerify('RSA-SHA256').update(signed).verify(publicKey, signature, 'base64'), 'the signature verifies');
    }
  });

  it("abandons an SDK call's request when its attempt gives up: the server sees the connection closed", async () => {
    const { base, closed, silent } = await silentServer();
    try {
      const clients = createOciClients(apiKeyProvider(), { stream: base, objectStorage: base });
      const controller = new AbortController();
      const call = clients.transport.abandonedOnAbort(controller.signal, (opcClientRequestId) =>
        clients.objectStorage.getObject({ namespaceName: 'ns', bucketName: 'b', objectName: 'o', opcClientRequestId }),
      );
      call.catch(() => undefined);
      for (let i = 0; closed.length === 0 && i < 200; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      controller.abort(new Error('the attempt ran out of time'));
      await assert.rejects(call);
      for (let i = 0; !closed[0] && i < 200; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual(closed, [true], 'the one request was abandoned, its connection closed');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe('boundedClientParams', () => {
  it("puts any SDK client's requests through the bounded transport: a silent server's request is abandoned and its connection closed", async () => {
    const { base, closed, silent } = await silentServer();
    try {
      const bounds = { connectMs: 300, headersBaseMs: 300, headersPerMegabyteMs: 0, bodyIdleMs: 300 };
      const client = new ObjectStorageClient(boundedClientParams(apiKeyProvider(), bounds), { retryConfiguration: common.NoRetryConfigurationDetails });
      client.endpoint = base;
      const startedAt = Date.now();
      await assert.rejects(client.getNamespace({}));
      assert.ok(Date.now() - startedAt < 5_000, `given up after ${Date.now() - startedAt} ms, near its 300 ms bound, not fetch's own time`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(closed, [true], 'the one request reached the server and its connection was closed');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

/** A loopback server that takes requests and never answers; records whether each one's connection was closed. */
async function silentServer() {
  const closed: boolean[] = [];
  const silent = createServer((req) => {
    req.resume();
    const index = closed.push(false) - 1;
    req.socket.once('close', () => (closed[index] = true));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, closed, silent };
}

function apiKeyProvider(): common.AuthenticationDetailsProvider {
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  return new common.SimpleAuthenticationDetailsProvider('tenancy', 'user', 'fingerprint', pem, null, common.Region.US_ASHBURN_1);
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as common from 'oci-common';
import { FunctionsInvokeClient, FunctionsManagementClient } from 'oci-functions';
import type { ObjectStorageClient } from 'oci-objectstorage';
import { startEmulator, type Emulator } from '../../emulator';
import { createTestCredentials } from '../../support/credentials';
import { apiKeyProvider, failureOf, objectStorageClient, readAll } from './sdk-clients';

const NS = 'testns';

describe('listObjects and the Functions endpoints, with the real SDK', () => {
  const credentials = createTestCredentials();
  let emulator: Emulator;
  let client: ObjectStorageClient;
  const noRetry: common.ClientConfiguration = { retryConfiguration: common.NoRetryConfigurationDetails, circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }) };

  before(async () => {
    emulator = await startEmulator({ namespace: NS, trustedApiKeys: [{ keyId: credentials.apiKey.keyId, publicKeyPem: credentials.apiKey.publicKeyPem }] });
    client = objectStorageClient(apiKeyProvider(credentials), emulator.url);
  });
  after(() => emulator.close());

  it('lists names in UTF-8 byte order, page by page through nextStartWith, with only the fields asked for', async () => {
    const names = ['b.txt', 'B.txt', 'a/1', 'a/2', 'é.txt', 'z.txt', '日本.txt', '😀.bin'];
    for (const name of names) emulator.putObject(NS, 'listed', name, Buffer.from(name));
    emulator.putObject(NS, 'listed', 'archived.bin', Buffer.from('cold'), { archivalState: 'Archived' });
    const seen: string[] = [];
    const starts: Array<string | undefined> = [];
    for (let start: string | undefined; ; ) {
      starts.push(start);
      const { listObjects } = await client.listObjects({ namespaceName: NS, bucketName: 'listed', limit: 3, ...(start ? { start } : {}) });
      for (const object of listObjects.objects) {
        assert.deepEqual(Object.keys(object), ['name'], 'only the name unless fields are asked for');
        seen.push(object.name);
      }
      if (!listObjects.nextStartWith) break;
      start = listObjects.nextStartWith;
    }
    assert.deepEqual(seen, ['B.txt', 'a/1', 'a/2', 'archived.bin', 'b.txt', 'z.txt', 'é.txt', '日本.txt', '😀.bin']);
    assert.deepEqual(starts, [undefined, 'archived.bin', 'é.txt']);

    const { listObjects } = await client.listObjects({ namespaceName: NS, bucketName: 'listed', prefix: 'a', fields: 'name,size,etag,timeModified,archivalState' });
    assert.deepEqual(listObjects.objects.map((o) => [o.name, o.size, typeof o.etag, o.archivalState]), [
      ['a/1', 3, 'string', undefined],
      ['a/2', 3, 'string', undefined],
      ['archived.bin', 4, 'string', 'Archived'],
    ]);
    assert.equal(listObjects.nextStartWith, undefined);
  });

  it('caps pages at maxListPage, answers 404 BucketNotFound for a bucket never created, 400 for a bad limit, and the namespace', async () => {
    const capped = await startEmulator({ maxListPage: 2, trustedApiKeys: [{ keyId: credentials.apiKey.keyId, publicKeyPem: credentials.apiKey.publicKeyPem }] });
    try {
      for (const name of ['1', '2', '3']) capped.putObject('ns', 'b', name, Buffer.from(name));
      capped.createBucket('ns', 'empty');
      const cappedClient = objectStorageClient(apiKeyProvider(credentials), capped.url);
      const page = await cappedClient.listObjects({ namespaceName: 'ns', bucketName: 'b', limit: 1000 });
      assert.deepEqual([page.listObjects.objects.length, page.listObjects.nextStartWith], [2, '3']);
      assert.deepEqual((await cappedClient.listObjects({ namespaceName: 'ns', bucketName: 'empty' })).listObjects.objects, []);
      assert.equal((await cappedClient.getNamespace({})).value, 'examplens');
    } finally {
      await capped.close();
    }
    const missing = await failureOf(client.listObjects({ namespaceName: NS, bucketName: 'never-created' }));
    assert.deepEqual([missing.statusCode, missing.serviceCode], [404, 'BucketNotFound']);
    const bad = await failureOf(client.listObjects({ namespaceName: NS, bucketName: 'listed', limit: 0 }));
    assert.deepEqual([bad.statusCode, bad.serviceCode], [400, 'InvalidParameter']);
  });

  it('getFunction gives the invoke endpoint; invokeFunction forwards the body and answers the function, 502 as "function failed"', async () => {
    const bodies: string[] = [];
    const functionId = emulator.registerFunction(async (body) => {
      bodies.push(body.toString('utf8'));
      return body.toString('utf8') === 'fail' ? { status: 502, body: '{"message":"Exception in function"}' } : { status: 200, body: '{"status":"published"}' };
    });
    const management = new FunctionsManagementClient({ authenticationDetailsProvider: apiKeyProvider(credentials) }, noRetry);
    management.endpoint = emulator.url;
    const { function: found } = await management.getFunction({ functionId });
    assert.equal(found.invokeEndpoint, emulator.url);
    const invoker = new FunctionsInvokeClient({ authenticationDetailsProvider: apiKeyProvider(credentials) }, noRetry);
    invoker.endpoint = found.invokeEndpoint!;
    const answer = await invoker.invokeFunction({ functionId, invokeFunctionBody: '{"é":1}' });
    assert.equal((await readAll(answer.value)).toString('utf8'), '{"status":"published"}');
    const failed = await failureOf(invoker.invokeFunction({ functionId, invokeFunctionBody: 'fail' }));
    assert.deepEqual([failed.statusCode, failed.serviceCode, failed.message.split('\n')[0]], [502, 'FunctionInvokeExecutionFailed', 'function failed']);
    const unknown = await failureOf(invoker.invokeFunction({ functionId: 'ocid1.fnfunc.oc1.iad.nope', invokeFunctionBody: 'x' }));
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(bodies, ['{"é":1}', 'fail']);
    const invokes = emulator.requests().filter((r) => r.operation === 'invokeFunction');
    assert.ok(invokes.every((r) => r.signatureValid), 'every invoke was signed and verified');
  });

  it('an unsigned invoke is refused before it reaches the function', async () => {
    let called = false;
    const functionId = emulator.registerFunction(async () => {
      called = true;
      return { status: 200, body: '{}' };
    });
    const response = await fetch(`${emulator.url}/20181201/functions/${functionId}/actions/invoke`, { method: 'POST', body: '{}' });
    assert.equal(response.status, 401);
    assert.equal(called, false);
  });
});

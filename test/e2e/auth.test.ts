import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markedContent } from '../support/content';
import { createTestCredentials } from '../support/credentials';
import { expectPublished, expectRefused } from './support/stream-expect';
import { worldForSuite } from './support/suite';

// Key generation is slow on a busy machine: make the two sets this file needs once.
const trusted = createTestCredentials();
const untrusted = createTestCredentials();

const NOT_AUTHENTICATED = [/answered 401 NotAuthenticated/, /not authenticated/, /dynamic group/];

describe('a resource principal the service does not trust', () => {
  const suite = worldForSuite(() => {
    // The function signs with a session token from an issuer the emulator does not know.
    return { credentials: untrusted, emulator: { trustedIssuerPublicKeyPem: trusted.issuerPublicKeyPem } };
  });

  test('reading the object fails with an answer that points at authentication and the dynamic group', async () => {
    const name = 'auth/object.txt';
    const { eTag } = suite.world.upload(name, markedContent(10));
    const detail = await expectRefused(suite.world, suite.tap, await suite.world.invokeEvent('createobject-unversioned', { name, eTag }), [...NOT_AUTHENTICATED, /Object Storage getObject/], { read: true });
    assert.doesNotMatch(detail, /ST\$|eyJ/, 'no session token in the answer');
    const reads = suite.world.emulator.requests().filter((r) => r.operation === 'getObject');
    assert.deepEqual(reads.map((r) => [r.status, r.signatureValid]), [[401, false]], 'one attempt: a 401 is not retried');
  });

  test('the process is still alive and answers the next invocation (publishing a delete) the same way', async () => {
    assert.equal(suite.world.fn.exited(), null);
    await expectRefused(suite.world, suite.tap, await suite.world.invokeEvent('deleteobject', { name: 'auth/gone.txt' }), [...NOT_AUTHENTICATED, /Streaming putMessages/], { publish: true });
    assert.equal(suite.world.emulator.messages(suite.world.streamId).length, 0);
  });
});

describe('API-key authentication (local runs)', () => {
  const suite = worldForSuite(() => ({ credentials: trusted, auth: 'api_key' }));

  test('OCI_AUTH=api_key with the sample variables signs every request with the API key', async () => {
    const name = 'auth/api-key.txt';
    const content = markedContent(200);
    const { eTag } = suite.world.upload(name, content);
    const event = suite.world.eventFor('createobject-unversioned', { name, eTag });

    const { reading } = await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event), { name, delivery: 'inline', content, event });

    assert.deepEqual(
      reading.requests.map((r) => [r.operation, r.keyId, r.signatureValid]),
      [
        ['getObject', trusted.apiKey.keyId, true],
        ['putMessages', trusted.apiKey.keyId, true],
      ],
    );
  });

  test('a delete event is published with the API key too', async () => {
    const name = 'auth/api-key-deleted.txt';
    const event = suite.world.eventFor('deleteobject', { name });
    const { reading } = await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event), { name, delivery: 'none', event });
    assert.deepEqual(reading.requests.map((r) => r.keyId), [trusted.apiKey.keyId]);
  });
});

describe('an API key the service does not know', () => {
  const suite = worldForSuite(() => ({ credentials: trusted, auth: 'api_key', emulator: { trustedApiKeys: [] } }));

  test('is answered with an authentication error naming the API key, and the process keeps running', async () => {
    const name = 'auth/unknown-key.txt';
    const { eTag } = suite.world.upload(name, markedContent(10));
    await expectRefused(suite.world, suite.tap, await suite.world.invokeEvent('createobject-unversioned', { name, eTag }), [/not authenticated/, /API key/], { read: true });
    await expectRefused(suite.world, suite.tap, await suite.world.invokeEvent('createobject-unversioned', { name, eTag }), [/not authenticated/], { read: true });
  });
});

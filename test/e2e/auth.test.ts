import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { markedContent } from '../support/content';
import { createTestCredentials } from '../support/credentials';
import { expectPublished, expectRefused } from './support/stream-expect';
import { StreamTap } from './support/stream-reading';
import { startWorld, type World } from './support/world';

// Key generation is slow on a busy machine: make the two sets this file needs once.
const trusted = createTestCredentials();
const untrusted = createTestCredentials();

const NOT_AUTHENTICATED = [/answered 401 NotAuthenticated/, /not authenticated/, /dynamic group/];

describe('a resource principal the service does not trust', () => {
  let world: World;
  let tap: StreamTap;
  before(async () => {
    // The function signs with a session token from an issuer the emulator does not know.
    world = await startWorld({ credentials: untrusted, emulator: { trustedIssuerPublicKeyPem: trusted.issuerPublicKeyPem } });
    tap = new StreamTap(world);
  });
  after(async () => {
    await world?.stop();
  });

  test('reading the object fails with an answer that points at authentication and the dynamic group', async () => {
    const name = 'auth/object.txt';
    const { eTag } = world.upload(name, markedContent(10));
    const detail = await expectRefused(world, tap, await world.invokeEvent('createobject-unversioned', { name, eTag }), [...NOT_AUTHENTICATED, /Object Storage getObject/], { read: true });
    assert.doesNotMatch(detail, /ST\$|eyJ/, 'no session token in the answer');
    const reads = world.emulator.requests().filter((r) => r.operation === 'getObject');
    assert.deepEqual(reads.map((r) => [r.status, r.signatureValid]), [[401, false]], 'one attempt: a 401 is not retried');
  });

  test('the process is still alive and answers the next invocation (publishing a delete) the same way', async () => {
    assert.equal(world.fn.exited(), null);
    await expectRefused(world, tap, await world.invokeEvent('deleteobject', { name: 'auth/gone.txt' }), [...NOT_AUTHENTICATED, /Streaming putMessages/], { publish: true });
    assert.equal(world.emulator.messages(world.streamId).length, 0);
  });
});

describe('API-key authentication (local runs)', () => {
  let world: World;
  let tap: StreamTap;
  before(async () => {
    world = await startWorld({ credentials: trusted, auth: 'api_key' });
    tap = new StreamTap(world);
  });
  after(async () => {
    await world?.stop();
  });

  test('OCI_AUTH=api_key with the sample variables signs every request with the API key', async () => {
    const name = 'auth/api-key.txt';
    const content = markedContent(200);
    const { eTag } = world.upload(name, content);
    const event = world.eventFor('createobject-unversioned', { name, eTag });

    const { reading } = await expectPublished(world, tap, await world.fn.invoke(event), { name, delivery: 'inline', content, event });

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
    const event = world.eventFor('deleteobject', { name });
    const { reading } = await expectPublished(world, tap, await world.fn.invoke(event), { name, delivery: 'none', event });
    assert.deepEqual(reading.requests.map((r) => r.keyId), [trusted.apiKey.keyId]);
  });
});

describe('an API key the service does not know', () => {
  let world: World;
  let tap: StreamTap;
  before(async () => {
    world = await startWorld({ credentials: trusted, auth: 'api_key', emulator: { trustedApiKeys: [] } });
    tap = new StreamTap(world);
  });
  after(async () => {
    await world?.stop();
  });

  test('is answered with an authentication error naming the API key, and the process keeps running', async () => {
    const name = 'auth/unknown-key.txt';
    const { eTag } = world.upload(name, markedContent(10));
    await expectRefused(world, tap, await world.invokeEvent('createobject-unversioned', { name, eTag }), [/not authenticated/, /API key/], { read: true });
    await expectRefused(world, tap, await world.invokeEvent('createobject-unversioned', { name, eTag }), [/not authenticated/], { read: true });
  });
});

import assert from 'node:assert/strict';
import { createPrivateKey, createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import * as common from 'oci-common';
import { Headers } from '../../../../../src/adapters/oci/bundle/sdkHeaders';
import { createRequestSigner } from '../../../../../src/adapters/oci/transport/requestSigner';

const X_DATE = 'Tue, 01 Dec 2026 00:00:00 GMT';

function rsaKeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string, publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

/** A provider whose key can be swapped, as a resource principal's is when its files rotate. */
function rotatingProvider(firstPem: string) {
  let pem = firstPem;
  const provider = new common.SimpleAuthenticationDetailsProvider('tenancy', 'user', 'fingerprint', firstPem, null, common.Region.US_ASHBURN_1);
  provider.getPrivateKey = () => pem;
  return {
    provider,
    rotate: (next: string) => {
      pem = next;
    },
  };
}

async function authorization(signer: common.RequestSigner, method: 'GET' | 'POST', uri: string, body?: string): Promise<Headers> {
  const headers = new Headers({ 'x-date': X_DATE, ...(body === undefined ? {} : { 'content-type': 'application/json' }) });
  await signer.signHttpRequest({ method, headers, uri, body } as unknown as common.HttpRequest);
  return headers;
}

function signatureVerifies(headers: Headers, publicPem: string, target: string): boolean {
  const value = headers.get('authorization') ?? '';
  const signature = /signature="([^"]+)"/.exec(value)?.[1] ?? '';
  const signed = `x-date: ${X_DATE}\n(request-target): get ${target}\nhost: ${headers.get('host')}`;
  return createVerify('RSA-SHA256').update(signed).verify(publicPem, signature, 'base64');
}

describe('createRequestSigner', () => {
  it('signs exactly as the SDK signer does, with and without a body', async () => {
    const { privatePem } = rsaKeyPair();
    const { provider } = rotatingProvider(privatePem);
    const ours = createRequestSigner(provider);
    const sdk = new common.DefaultRequestSigner(provider);
    const get = 'https://objectstorage.example.com/n/ns/b/bucket/o/it%27s%20a%20name?versionId=v1';
    const post = 'https://cell-1.streaming.example.com/20180418/streams/ocid1.stream/messages';
    for (let i = 0; i < 2; i++) {
      assert.equal((await authorization(ours, 'GET', get)).get('authorization'), (await authorization(sdk, 'GET', get)).get('authorization'));
      const [mine, theirs] = [await authorization(ours, 'POST', post, '{"a":1}'), await authorization(sdk, 'POST', post, '{"a":1}')];
      assert.equal(mine.get('authorization'), theirs.get('authorization'));
      assert.equal(mine.get('x-content-sha256'), theirs.get('x-content-sha256'));
    }
  });

  it('signs with the new key as soon as the provider hands over a rotated one', async () => {
    const first = rsaKeyPair();
    const second = rsaKeyPair();
    const { provider, rotate } = rotatingProvider(first.privatePem);
    const signer = createRequestSigner(provider);
    const uri = 'https://objectstorage.example.com/n/ns/b/bucket/o/name';
    const target = '/n/ns/b/bucket/o/name';

    assert.ok(signatureVerifies(await authorization(signer, 'GET', uri), first.publicPem, target));
    rotate(second.privatePem);
    const afterRotation = await authorization(signer, 'GET', uri);
    assert.ok(signatureVerifies(afterRotation, second.publicPem, target));
    assert.ok(!signatureVerifies(afterRotation, first.publicPem, target));
    rotate(first.privatePem);
    assert.ok(signatureVerifies(await authorization(signer, 'GET', uri), first.publicPem, target));
  });

  it('parses a key once, not per request, and again only when the provider hands over another', async () => {
    const first = rsaKeyPair();
    const { provider, rotate } = rotatingProvider(first.privatePem);
    const parsed: string[] = [];
    const signer = createRequestSigner(provider, (pem, passphrase) => {
      parsed.push(pem);
      return createPrivateKey({ key: pem, format: 'pem', ...(passphrase ? { passphrase } : {}) });
    });
    const uri = 'https://objectstorage.example.com/n/ns/b/bucket/o/name';
    for (let i = 0; i < 3; i++) await authorization(signer, 'GET', uri);
    assert.equal(parsed.length, 1, 'one parse for three requests');
    rotate(rsaKeyPair().privatePem);
    await authorization(signer, 'POST', uri, '{}');
    assert.equal(parsed.length, 2, 'the rotated key parsed once');
  });

  it('refuses a key that is not RSA, saying so', async () => {
    const ecPem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const { provider } = rotatingProvider(rsaKeyPair().privatePem);
    provider.getPrivateKey = () => ecPem;
    await assert.rejects(authorization(createRequestSigner(provider), 'GET', 'https://h.example/'), /ec key; OCI request signing needs an RSA key/);
  });
});

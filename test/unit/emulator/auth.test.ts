import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { AuthenticationDetailsProvider } from 'oci-common';
import { startEmulator, type Emulator } from '../../emulator';
import { createTestCredentials, signSessionToken } from '../../support/credentials';
import { apiKeyProvider, failureOf, objectStorageClient, resourcePrincipalProvider, signedFetch } from './sdk-clients';

function rsaPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A session-token provider whose token we mint ourselves, to control issuer and expiry. */
function sessionProvider(issuerPrivateKeyPem: string, lifetimeSeconds: number): AuthenticationDetailsProvider {
  const session = rsaPair();
  const token = signSessionToken(issuerPrivateKeyPem, session.publicKeyPem, lifetimeSeconds);
  return { getKeyId: () => Promise.resolve(`ST$${token}`), getPrivateKey: () => session.privateKeyPem, getPassphrase: () => null };
}

describe('Emulator request signatures', () => {
  const credentials = createTestCredentials();
  let emulator: Emulator;
  let streamId: string;

  before(async () => {
    emulator = await startEmulator({
      trustedIssuerPublicKeyPem: credentials.issuerPublicKeyPem,
      trustedApiKeys: [{ keyId: credentials.apiKey.keyId, publicKeyPem: credentials.apiKey.publicKeyPem }],
    });
    emulator.putObject('ns', 'b', 'o.txt', Buffer.from('x'));
    streamId = emulator.createStream();
  });
  after(() => emulator.close());

  const getWith = (provider: AuthenticationDetailsProvider) =>
    failureOf(objectStorageClient(provider, emulator.url).getObject({ namespaceName: 'ns', bucketName: 'b', objectName: 'o.txt' }));

  it('answers 401 NotAuthenticated to an unknown API key', async () => {
    const stranger = createTestCredentials();
    const error = await getWith(apiKeyProvider(stranger));
    assert.equal(error.statusCode, 401);
    assert.equal(error.serviceCode, 'NotAuthenticated');
    assert.match(error.message, /Unknown API key/);
    assert.equal(emulator.requests().at(-1)?.signatureValid, false);
  });

  it('answers 401 to a known keyId signed with the wrong private key', async () => {
    const error = await getWith(apiKeyProvider(credentials, rsaPair().privateKeyPem));
    assert.equal(error.statusCode, 401);
    assert.match(error.message, /signature does not match/);
  });

  it('answers 401 to a session token from another issuer', async () => {
    const error = await getWith(resourcePrincipalProvider(createTestCredentials()));
    assert.equal(error.statusCode, 401);
    assert.match(error.message, /trusted issuer/);
  });

  it('answers 401 to an expired session token', async () => {
    const issuer = rsaPair();
    const own = await startEmulator({ trustedIssuerPublicKeyPem: issuer.publicKeyPem });
    try {
      own.putObject('ns', 'b', 'o.txt', Buffer.from('x'));
      const client = (lifetime: number) => objectStorageClient(sessionProvider(issuer.privateKeyPem, lifetime), own.url);
      await client(600).getObject({ namespaceName: 'ns', bucketName: 'b', objectName: 'o.txt' });
      const error = await failureOf(client(-60).getObject({ namespaceName: 'ns', bucketName: 'b', objectName: 'o.txt' }));
      assert.equal(error.statusCode, 401);
      assert.match(error.message, /expired/);
    } finally {
      await own.close();
    }
  });

  it('rejects a body that does not match the signed x-content-sha256', async () => {
    const uri = `${emulator.url}/20180418/streams/${streamId}/cursors`;
    const body = JSON.stringify({ partition: '0', type: 'LATEST' });
    const provider = apiKeyProvider(credentials);
    assert.equal((await signedFetch(provider, 'POST', uri, { body })).status, 200);
    const tampered = await signedFetch(provider, 'POST', uri, { body, sendBody: body.replace('LATEST', 'LATEsT') });
    assert.equal(tampered.status, 401);
    assert.deepEqual(await tampered.json(), { code: 'NotAuthenticated', message: 'x-content-sha256 does not match the body' });
    assert.ok(tampered.headers.get('opc-request-id'));
  });

  it('rejects a request dated more than five minutes away', async () => {
    const xDate = new Date(Date.now() - 6 * 60 * 1000).toUTCString();
    const response = await signedFetch(apiKeyProvider(credentials), 'GET', `${emulator.url}/n/ns/b/b/o/o.txt`, { xDate });
    assert.equal(response.status, 401);
  });

  it('rejects an unsigned request', async () => {
    const response = await fetch(`${emulator.url}/n/ns/b/b/o/o.txt`);
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { code: string }).code, 'NotAuthenticated');
  });

  it('records key ids without keeping session tokens', async () => {
    const client = objectStorageClient(resourcePrincipalProvider(credentials), emulator.url);
    await client.getObject({ namespaceName: 'ns', bucketName: 'b', objectName: 'o.txt' });
    const record = emulator.requests().at(-1);
    assert.equal(record?.operation, 'getObject');
    assert.equal(record?.status, 200);
    assert.equal(record?.signatureValid, true);
    assert.equal(record?.keyId, `ST$${credentials.resourcePrincipal.sessionToken.slice(0, 10)}…`);
    assert.ok(!JSON.stringify(emulator.requests()).includes(credentials.resourcePrincipal.sessionToken));
  });
});

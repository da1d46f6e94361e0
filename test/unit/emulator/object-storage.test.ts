import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Range } from 'oci-common';
import { models, type ObjectStorageClient } from 'oci-objectstorage';
import { startEmulator, type Emulator } from '../../emulator';
import { createTestCredentials } from '../../support/credentials';
import { apiKeyProvider, failureOf, objectStorageClient, readAll, resourcePrincipalProvider, signedFetch } from './sdk-clients';

const { AccessType } = models.CreatePreauthenticatedRequestDetails;

const NS = 'testns';
const BUCKET = 'uploads';

const AWKWARD_NAMES = [
  'plain.txt',
  'with space.txt',
  'a+b.txt',
  '100%.txt',
  'x#y.txt',
  "it's.txt",
  'ünïcødé/日本語.txt',
  'dir/sub/file.txt',
  '/leading-slash',
  'q?x=1&y=2',
  'emoji 😀.bin',
];

describe('Object Storage emulator with the real SDK', () => {
  const credentials = createTestCredentials();
  let emulator: Emulator;
  let apiKeyClient: ObjectStorageClient;
  let rpClient: ObjectStorageClient;

  before(async () => {
    emulator = await startEmulator({
      trustedIssuerPublicKeyPem: credentials.issuerPublicKeyPem,
      trustedApiKeys: [{ keyId: credentials.apiKey.keyId, publicKeyPem: credentials.apiKey.publicKeyPem }],
    });
    apiKeyClient = objectStorageClient(apiKeyProvider(credentials), emulator.url);
    rpClient = objectStorageClient(resourcePrincipalProvider(credentials), emulator.url);
  });
  after(() => emulator.close());

  for (const name of AWKWARD_NAMES) {
    it(`round-trips ${JSON.stringify(name)} with API-key and resource-principal auth`, async () => {
      const body = Buffer.from(`content of ${name}`);
      const put = emulator.putObject(NS, BUCKET, name, body, { contentType: 'text/plain' });
      for (const client of [apiKeyClient, rpClient]) {
        const response = await client.getObject({ namespaceName: NS, bucketName: BUCKET, objectName: name });
        assert.deepEqual(await readAll(response.value), body);
        assert.equal(response.eTag, put.eTag);
        assert.equal(response.versionId, put.versionId);
        assert.equal(response.contentLength, body.length);
        assert.equal(response.contentType, 'text/plain');
        assert.ok(response.opcRequestId);
      }
    });
  }

  it('records that the SDK percent-encodes every reserved character except \' in the path', () => {
    const paths = emulator.requests().map((r) => r.path);
    assert.ok(paths.includes(`/n/${NS}/b/${BUCKET}/o/dir%2Fsub%2Ffile.txt`));
    assert.ok(paths.includes(`/n/${NS}/b/${BUCKET}/o/a%2Bb.txt`));
    assert.ok(paths.includes(`/n/${NS}/b/${BUCKET}/o/it's.txt`));
  });

  it('decodes an object name sent with unencoded slashes', async () => {
    emulator.putObject(NS, BUCKET, 'raw/slash name.txt', Buffer.from('raw'));
    const response = await signedFetch(apiKeyProvider(credentials), 'GET', `${emulator.url}/n/${NS}/b/${BUCKET}/o/raw/slash%20name.txt`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'raw');
  });

  it('answers 412 IfMatchFailed when the ETag no longer matches', async () => {
    const first = emulator.putObject(NS, BUCKET, 'overwritten.txt', Buffer.from('v1'));
    emulator.putObject(NS, BUCKET, 'overwritten.txt', Buffer.from('v2'));
    const error = await failureOf(apiKeyClient.getObject({ namespaceName: NS, bucketName: BUCKET, objectName: 'overwritten.txt', ifMatch: first.eTag }));
    assert.equal(error.statusCode, 412);
    assert.equal(error.serviceCode, 'IfMatchFailed');
  });

  it('serves an older version by versionId and 404s an unknown one', async () => {
    const first = emulator.putObject(NS, BUCKET, 'versioned.txt', Buffer.from('v1'));
    emulator.putObject(NS, BUCKET, 'versioned.txt', Buffer.from('v2'));
    const old = await apiKeyClient.getObject({ namespaceName: NS, bucketName: BUCKET, objectName: 'versioned.txt', versionId: first.versionId });
    assert.equal((await readAll(old.value)).toString(), 'v1');
    const error = await failureOf(apiKeyClient.getObject({ namespaceName: NS, bucketName: BUCKET, objectName: 'versioned.txt', versionId: 'no-such-version' }));
    assert.equal(error.statusCode, 404);
    assert.equal(error.serviceCode, 'ObjectNotFound');
  });

  it('404s a deleted object, pinned version included', async () => {
    const put = emulator.putObject(NS, BUCKET, 'deleted.txt', Buffer.from('gone'));
    emulator.deleteObject(NS, BUCKET, 'deleted.txt');
    for (const versionId of [undefined, put.versionId]) {
      const error = await failureOf(apiKeyClient.getObject({ namespaceName: NS, bucketName: BUCKET, objectName: 'deleted.txt', ...(versionId ? { versionId } : {}) }));
      assert.equal(error.statusCode, 404);
    }
  });

  it('refuses to read archived objects but describes them on HEAD', async () => {
    emulator.putObject(NS, BUCKET, 'cold.bin', Buffer.from('cold'), { archivalState: 'Archived' });
    const error = await failureOf(apiKeyClient.getObject({ namespaceName: NS, bucketName: BUCKET, objectName: 'cold.bin' }));
    assert.equal(error.statusCode, 409);
    assert.equal(error.serviceCode, 'NotRestored');
    const head = await apiKeyClient.headObject({ namespaceName: NS, bucketName: BUCKET, objectName: 'cold.bin' });
    assert.equal(head.archivalState, 'Archived');
    assert.equal(head.contentLength, 4);
  });

  it('answers a byte range with 206', async () => {
    emulator.putObject(NS, BUCKET, 'range.txt', Buffer.from('0123456789'));
    const response = await apiKeyClient.getObject({
      namespaceName: NS,
      bucketName: BUCKET,
      objectName: 'range.txt',
      range: new Range(2, 5, null),
    });
    assert.equal((await readAll(response.value)).toString(), '2345');
    assert.equal(response.contentLength, 4);
  });

  it('stores a PUT as a new version with a new ETag', async () => {
    const first = await apiKeyClient.putObject({ namespaceName: NS, bucketName: BUCKET, objectName: 'uploaded.json', putObjectBody: '{"a":1}', contentType: 'application/json' });
    const second = await apiKeyClient.putObject({ namespaceName: NS, bucketName: BUCKET, objectName: 'uploaded.json', putObjectBody: Buffer.from('{"a":2}') });
    assert.notEqual(first.eTag, second.eTag);
    assert.notEqual(first.versionId, second.versionId);
    const response = await apiKeyClient.getObject({ namespaceName: NS, bucketName: BUCKET, objectName: 'uploaded.json' });
    assert.equal((await readAll(response.value)).toString(), '{"a":2}');
  });

  it('creates a pre-authenticated request that reads the object without a signature', async () => {
    const name = 'shared/report 1.pdf';
    emulator.putObject(NS, BUCKET, name, Buffer.from('%PDF'), { contentType: 'application/pdf' });
    const timeExpires = new Date(Date.now() + 3_600_000);
    const { preauthenticatedRequest: par } = await rpClient.createPreauthenticatedRequest({
      namespaceName: NS,
      bucketName: BUCKET,
      createPreauthenticatedRequestDetails: { name: 'share', objectName: name, accessType: AccessType.ObjectRead, timeExpires },
    });
    assert.match(par.accessUri, /^\/p\/[^/]+\/n\/testns\/b\/uploads\/o\/shared\/report%201\.pdf$/);
    assert.equal(new Date(par.timeExpires).getTime(), timeExpires.getTime());
    const response = await fetch(`${emulator.url}${par.accessUri}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.equal(await response.text(), '%PDF');
    const other = await fetch(`${emulator.url}${par.accessUri.replace('report%201', 'report%202')}`);
    assert.equal(other.status, 404);
  });
});

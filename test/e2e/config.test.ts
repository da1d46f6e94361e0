import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markedContent } from '../support/content';
import { createTestCredentials } from '../support/credentials';
import { expectPublished, expectRefused } from './support/stream-expect';
import { worldForSuite } from './support/suite';

// Key generation is slow on a busy machine: both worlds of this file share one set.
const credentials = createTestCredentials();

describe('invalid configuration', () => {
  const suite = worldForSuite(() => ({
      credentials,
      config: {
        OCI_STREAM_OCID: undefined,
        OCI_STREAM_ENDPOINT: 'http://10.0.0.1',
        MAX_MESSAGE_BYTES: 'abc',
        LOG_LEVEL: 'verbose',
      },
    }));

  const EVERY_PROBLEM = [
    /Invalid function configuration/,
    /OCI_STREAM_OCID: is required/,
    /OCI_STREAM_ENDPOINT: must use https/,
    /MAX_MESSAGE_BYTES: must be a whole number/,
    /LOG_LEVEL: must be one of debug, info, warn, error/,
  ];

  test('the process starts and stays up', () => {
    assert.equal(suite.world.fn.exited(), null, suite.world.fn.output());
  });

  test('an event for a readable object is answered with an error naming every bad setting', async () => {
    const name = 'config/readable.txt';
    const { eTag } = suite.world.upload(name, markedContent(10));
    await expectRefused(suite.world, suite.tap, await suite.world.invokeEvent('createobject-unversioned', { name, eTag }), EVERY_PROBLEM);
  });

  test('every later invocation gets the same answer, and nothing reaches either service', async () => {
    for (let i = 0; i < 3; i++) {
      await expectRefused(suite.world, suite.tap, await suite.world.invokeEvent('deleteobject', { name: `config/deleted-${i}.txt` }), EVERY_PROBLEM);
    }
    assert.deepEqual(suite.world.emulator.requests(), [], 'no request made at all');
  });

  test('a body that is not an event gets the configuration error too (it is checked first)', async () => {
    await expectRefused(suite.world, suite.tap, await suite.world.fn.invoke('not json'), EVERY_PROBLEM);
  });
});

describe('ALLOWED_BUCKETS', () => {
  const suite = worldForSuite(() => {
    // Entries are trimmed and empty ones ignored.
    return { credentials, config: { ALLOWED_BUCKETS: ' uploads , examplens/reports ,, ' } };
  });

  const cases = [
    { namespace: 'examplens', bucket: 'uploads', allowed: true, why: 'listed bucket' },
    { namespace: 'otherns', bucket: 'uploads', allowed: true, why: 'an entry without a namespace matches it in any namespace' },
    { namespace: 'examplens', bucket: 'reports', allowed: true, why: 'listed namespace/bucket' },
    { namespace: 'otherns', bucket: 'reports', allowed: false, why: 'namespace/bucket entries match that namespace only' },
    { namespace: 'examplens', bucket: 'Uploads', allowed: false, why: 'bucket names are case-sensitive' },
    { namespace: 'examplens', bucket: 'secrets', allowed: false, why: 'not listed' },
  ];

  for (const { namespace, bucket, allowed, why } of cases) {
    test(`${namespace}/${bucket} is ${allowed ? 'allowed' : 'refused'} (${why})`, async () => {
      const name = 'allowlist/object.txt';
      const content = markedContent(50);
      const { eTag } = suite.world.upload(name, content, { namespace, bucket });
      const event = suite.world.eventFor('createobject-unversioned', { name, eTag, namespace, bucket });
      const result = await suite.world.fn.invoke(event);
      if (allowed) {
        await expectPublished(suite.world, suite.tap, result, { name, namespace, bucket, delivery: 'inline', content, event });
      } else {
        await expectRefused(suite.world, suite.tap, result, [
          new RegExp(`Bucket "${namespace}/${bucket}" is not in ALLOWED_BUCKETS \\(uploads, examplens/reports\\)`),
          /nothing was read/,
        ]);
      }
    });
  }

  test('a delete event for a bucket off the list is refused too, and no publish is tried', async () => {
    await expectRefused(suite.world, suite.tap, await suite.world.invokeEvent('deleteobject', { name: 'x.txt', bucket: 'secrets' }), /ALLOWED_BUCKETS/);
  });
});

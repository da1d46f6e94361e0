import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BucketNotAllowedError } from '../../../src/errors';
import { assertBucketAllowed } from '../../../src/handler/allowlist';

const at = (namespace: string, bucket: string) => ({ namespace, bucket, name: 'any/object.txt' });

describe('assertBucketAllowed', () => {
  it('allows every bucket when the list is empty', () => {
    assert.doesNotThrow(() => assertBucketAllowed(at('examplens', 'uploads'), []));
  });

  it('matches a bare bucket name in any namespace', () => {
    assert.doesNotThrow(() => assertBucketAllowed(at('examplens', 'uploads'), ['uploads']));
    assert.doesNotThrow(() => assertBucketAllowed(at('otherns', 'uploads'), ['archive', 'uploads']));
  });

  it('matches namespace/bucket only in that namespace', () => {
    assert.doesNotThrow(() => assertBucketAllowed(at('examplens', 'uploads'), ['examplens/uploads']));
    assert.throws(() => assertBucketAllowed(at('otherns', 'uploads'), ['examplens/uploads']), BucketNotAllowedError);
  });

  for (const [what, bucket, list] of [
    ['names differing in case', 'Uploads', ['uploads']],
    ['a prefix of an allowed name', 'upload', ['uploads']],
    ['an allowed name as a prefix', 'uploads-private', ['uploads']],
    ['a namespace entry named like the bucket', 'uploads', ['uploads/x']],
  ] as const) {
    it(`refuses ${what}`, () => {
      assert.throws(() => assertBucketAllowed(at('examplens', bucket), list), BucketNotAllowedError);
    });
  }

  it('names the bucket and the allowlist in the refusal, and says nothing was read', () => {
    assert.throws(
      () => assertBucketAllowed(at('examplens', 'secrets'), ['uploads', 'examplens/reports']),
      (error) => {
        assert.ok(error instanceof BucketNotAllowedError);
        assert.match(error.message, /^Bucket "examplens\/secrets" is not in ALLOWED_BUCKETS \(uploads, examplens\/reports\)/);
        assert.match(error.message, /nothing was read/);
        return true;
      },
    );
  });
});

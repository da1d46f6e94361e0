import { BucketNotAllowedError } from '../errors';
import type { ObjectLocation } from '../ports';

/**
 * Refuses events for buckets outside the allowlist before anything is read: without it, anyone
 * able to invoke the function could copy any object the dynamic group can read into the stream.
 * An empty list allows every bucket (warned about at start).
 */
export function assertBucketAllowed(location: ObjectLocation, allowedBuckets: readonly string[]): void {
  if (allowedBuckets.length === 0) return;
  const qualified = `${location.namespace}/${location.bucket}`;
  const allowed = allowedBuckets.some((entry) => (entry.includes('/') ? entry === qualified : entry === location.bucket));
  if (!allowed) {
    throw new BucketNotAllowedError(
      `Bucket "${qualified}" is not in ALLOWED_BUCKETS (${allowedBuckets.join(', ')}); the event was refused and nothing was read. Add the bucket to ALLOWED_BUCKETS or narrow the Events rule.`,
    );
  }
}

import { createHash } from 'node:crypto';
import type { ObjectLocation } from '../ports';

/** The service's key limit, in bytes after base64 decoding. */
export const MAX_KEY_BYTES = 256;

/**
 * `<namespace>/<bucket>/<name>` so every message about one object lands on one partition, in
 * order; names too long for a key are replaced by the path's SHA-256, which is just as stable.
 */
export function messageKey(location: ObjectLocation): Buffer {
  const path = Buffer.from(`${location.namespace}/${location.bucket}/${location.name}`, 'utf8');
  if (path.byteLength <= MAX_KEY_BYTES) return path;
  return Buffer.from(createHash('sha256').update(path).digest('hex'), 'utf8');
}

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * A V8 code cache for the function's bundle, made at image build (npm run build:code-cache) so
 * that a cold start does not parse and compile the bundle's code again. V8 accepts cached data
 * only from its own version and the same V8 flags, and otherwise compiles as without it; but it
 * checks the source's length, not its content, so the file starts with the SHA-256 of the bundle
 * it was made from. It holds compiled code only: no configuration, credentials or other state.
 */
const DIGEST_BYTES = 32;

export function bundleDigest(source: Buffer): Buffer {
  return createHash('sha256').update(source).digest();
}

export function codeCacheFile(digest: Buffer, cachedData: Buffer): Buffer {
  return Buffer.concat([digest, cachedData]);
}

/** The cached data made for exactly this bundle, or undefined (none, unreadable, or another bundle's). */
export function readCodeCache(path: string, digest: Buffer): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return undefined;
  }
  if (file.byteLength <= DIGEST_BYTES || !file.subarray(0, DIGEST_BYTES).equals(digest)) return undefined;
  return file.subarray(DIGEST_BYTES);
}

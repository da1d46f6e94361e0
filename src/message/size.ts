import { base64Length } from './base64';
import { serializeEnvelope, type EnvelopeParts } from './envelope';

/** A stand-in of the digest's exact width, so sizes computed before hashing are exact. */
export const SHA256_PLACEHOLDER = '0'.repeat(64);

/** The largest byte count whose base64 fits in `room` characters. */
export function bytesFittingInBase64(room: number): number {
  return room <= 0 ? 0 : Math.floor(room / 4) * 3;
}

/**
 * Bytes of the value plus key for an envelope carrying `contentBytes` of content: base64 adds no
 * JSON escaping, so the empty-content serialization plus the base64 length is exact.
 */
export function messageBytes(parts: EnvelopeParts, keyBytes: number, contentBytes: number): number {
  const withoutContent = serializeEnvelope({ ...parts, content: new Uint8Array(0) }).byteLength;
  return withoutContent + base64Length(contentBytes) + keyBytes;
}

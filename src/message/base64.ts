/** Encoded in slices of this many bytes, a multiple of 3 so that no slice but the last is padded. */
const SLICE_BYTES = 3 * 16 * 1024;

export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/**
 * Writes the base64 of `bytes` into `target` at `offset` and answers the offset after it. Slice
 * by slice, so that a message of a megabyte never becomes one string: only small, short-lived
 * ones, which the young generation collects at once.
 */
export function writeBase64(target: Buffer, offset: number, bytes: Uint8Array): number {
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = offset;
  for (let start = 0; start < source.byteLength; start += SLICE_BYTES) {
    at += target.write(source.toString('base64', start, Math.min(start + SLICE_BYTES, source.byteLength)), at, 'latin1');
  }
  return at;
}

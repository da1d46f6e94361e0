import { randomBytes } from 'node:crypto';

/**
 * A marker every test object carries, so the log scan can prove no object content (raw or
 * base64 at any alignment) reached the function's output.
 */
export const CONTENT_MARKER = 'FNSTREAMING-OBJECT-CONTENT-MARKER';

/** `size` bytes: the marker repeated at the start of every 4 KiB block, random bytes between. */
export function markedContent(size: number): Buffer {
  const bytes = randomBytes(size);
  const marker = Buffer.from(CONTENT_MARKER);
  for (let offset = 0; offset < size; offset += 4096) marker.copy(bytes, offset, 0, Math.min(marker.length, size - offset));
  return bytes;
}

/** The marker as it appears inside base64 of content, for each of the three byte alignments. */
export function base64MarkerForms(): string[] {
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), Buffer.from(CONTENT_MARKER)]).toString('base64');
    // Drop the characters touched by the padding bytes and the unaligned tail.
    const start = Math.ceil((shift * 4) / 3) + 1;
    return encoded.slice(start, encoded.length - 4);
  });
}

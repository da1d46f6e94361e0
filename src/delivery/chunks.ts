import { ObjectReadError } from '../errors';
import { fateOf } from '../failure/fate';
import type { OpenedObject } from '../ports';

/** Consecutive read failures without a single new byte before the read is given up. */
const MAX_STALLED_RESUMES = 3;

export interface ChunkSource {
  first: OpenedObject;
  /** Opens the same (pinned) object again from `offset`, retrying as the caller sees fit. */
  reopen: (offset: number) => Promise<OpenedObject>;
  size: number;
  chunkSize: number;
}

/**
 * Yields the object's bytes as chunks of exactly `chunkSize` (the last may be shorter), holding
 * one chunk at a time. A connection lost mid-read is resumed at the offset reached, pinned to
 * the same object, so a long read survives a reset without starting over.
 */
export async function* readChunks(source: ChunkSource): AsyncGenerator<Buffer> {
  const { size, chunkSize } = source;
  let opened = source.first;
  let offset = 0;
  let chunk = Buffer.allocUnsafe(Math.min(chunkSize, size));
  let filled = 0;
  let stalled = 0;

  try {
    yield* readFrom();
  } finally {
    await opened.discard();
  }

  async function* readFrom(): AsyncGenerator<Buffer> {
    while (offset < size) {
      const offsetBefore = offset;
      try {
        for await (const piece of opened.body) {
          let pieceOffset = 0;
          while (pieceOffset < piece.byteLength) {
            if (offset >= size) throw new ObjectReadError('The object has more bytes than its announced length; it changed while being read.');
            const take = Math.min(piece.byteLength - pieceOffset, chunk.byteLength - filled);
            chunk.set(piece.subarray(pieceOffset, pieceOffset + take), filled);
            filled += take;
            pieceOffset += take;
            offset += take;
            if (filled === chunk.byteLength) {
              yield chunk;
              chunk = Buffer.allocUnsafe(Math.min(chunkSize, size - offset));
              filled = 0;
            }
          }
        }
        if (offset < size) throw new ObjectReadError(`The object's body ended after ${offset} of ${size} bytes.`);
      } catch (error) {
        const resumable = fateOf(error) === 'retry' || (error instanceof ObjectReadError && offset < size);
        if (!resumable) throw error;
        // Every byte arrived before the failure: reopening at the end would ask for an empty range.
        if (offset >= size) return;
        stalled = offset === offsetBefore ? stalled + 1 : 0;
        if (stalled >= MAX_STALLED_RESUMES) throw error;
        await opened.discard();
        opened = await source.reopen(offset);
      }
    }
  }
}

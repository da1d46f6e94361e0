import type { EnvelopeParts } from '../message/envelope';
import { base64Length } from '../message/base64';
import { bytesFittingInBase64, messageBytes, SHA256_PLACEHOLDER } from '../message/size';

export type DeliveryPlan =
  | { delivery: 'inline'; messageBytes: number }
  | { delivery: 'chunked'; chunkSize: number; count: number; totalMessageBytes: number }
  | { delivery: 'reference'; reason: string };

export interface PlanInput {
  size: number;
  /** The envelope this object's messages share (event, object, ...), without delivery details. */
  parts: Omit<EnvelopeParts, 'delivery'>;
  keyBytes: number;
  maxMessageBytes: number;
  maxObjectBytes: number;
}

/**
 * Chunk envelopes differ only in numbers and the final digest; sizing them with the widest
 * values they can take (every number as wide as the object size, the digest present) keeps
 * every chunk within budget. All chunks but the last are then the same size, so the count is
 * known before reading, and a last chunk can always carry the digest. The price is the digest's
 * and the numbers' spare width in the other chunks: under 100 bytes of a 1 MB message.
 */
function widestChunkOverhead(input: PlanInput): number {
  const widest = input.size;
  return messageBytes(
    {
      ...input.parts,
      object: { ...input.parts.object, sha256: SHA256_PLACEHOLDER },
      delivery: 'chunked',
      chunk: { index: widest, count: widest, offset: widest, size: widest },
    },
    input.keyBytes,
    0,
  );
}

/** Decides from the object's length alone, before reading, how its bytes reach the stream. */
export function planDelivery(input: PlanInput): DeliveryPlan {
  const { size, maxMessageBytes, maxObjectBytes } = input;
  // MAX_OBJECT_BYTES bounds every delivery of content, inline included (message-format.md).
  if (size > maxObjectBytes) {
    return {
      delivery: 'reference',
      reason: `The object is ${size} bytes, over MAX_OBJECT_BYTES (${maxObjectBytes}); read it from Object Storage.`,
    };
  }
  const inlineBytes = messageBytes(
    { ...input.parts, object: { ...input.parts.object, sha256: SHA256_PLACEHOLDER }, delivery: 'inline' },
    input.keyBytes,
    size,
  );
  if (inlineBytes <= maxMessageBytes) return { delivery: 'inline', messageBytes: inlineBytes };

  const overhead = widestChunkOverhead(input);
  const chunkSize = bytesFittingInBase64(maxMessageBytes - overhead);
  if (chunkSize === 0) {
    return {
      delivery: 'reference',
      reason: `MAX_MESSAGE_BYTES (${maxMessageBytes}) leaves no room for content beside this event's envelope; read the object from Object Storage.`,
    };
  }
  const count = Math.ceil(size / chunkSize);
  const lastChunk = size - (count - 1) * chunkSize;
  const totalMessageBytes = (count - 1) * (overhead + base64Length(chunkSize)) + overhead + base64Length(lastChunk);
  return { delivery: 'chunked', chunkSize, count, totalMessageBytes };
}

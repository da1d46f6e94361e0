import type { EnvelopeParts } from '../message/envelope';
import { base64Length } from '../message/base64';
import { bytesFittingInBase64, messageBytes, SHA256_PLACEHOLDER } from '../message/size';
import type { Remaining } from '../publish/pacer';

/**
 * An object sent as `count` ordered chunks of `chunkSize` bytes (the last may be shorter). Message
 * sizes are value plus key, sized with the widest envelope (see widestChunkOverhead): a slight
 * over-count, never under, so pacing and deadline estimates never promise too much.
 */
export interface ChunkedPlan {
  delivery: 'chunked';
  chunkSize: number;
  count: number;
  /** Each chunk message but the last. */
  fullMessageBytes: number;
  lastMessageBytes: number;
  totalMessageBytes: number;
}

export type DeliveryPlan = { delivery: 'inline'; messageBytes: number } | ChunkedPlan | { delivery: 'reference'; reason: string };

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
  const fullMessageBytes = overhead + base64Length(chunkSize);
  const lastMessageBytes = overhead + base64Length(size - (count - 1) * chunkSize);
  return { delivery: 'chunked', chunkSize, count, fullMessageBytes, lastMessageBytes, totalMessageBytes: (count - 1) * fullMessageBytes + lastMessageBytes };
}

/** What is left to send of a chunked plan once `accepted` chunks are in the stream. */
export function remainingAfter(plan: ChunkedPlan, accepted: number): Remaining {
  const messages = plan.count - accepted;
  if (messages === 0) return { bytes: 0, messages, firstMessageBytes: 0, lastMessageBytes: 0 };
  return {
    bytes: plan.totalMessageBytes - accepted * plan.fullMessageBytes,
    messages,
    firstMessageBytes: messages === 1 ? plan.lastMessageBytes : plan.fullMessageBytes,
    lastMessageBytes: plan.lastMessageBytes,
  };
}

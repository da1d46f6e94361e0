import { createHash } from 'node:crypto';
import type { Invocation } from './invocation';
import type { ObjectDescription } from '../message/envelope';
import { readChunks, type ChunkSource } from './chunks';
import type { DeliveryOutcome } from './outcome';
import { sendEnvelope } from './send';

/** The whole object in one message: it fits the budget, so holding it is bounded too. */
export async function deliverInline(
  invocation: Invocation,
  object: ObjectDescription,
  source: Omit<ChunkSource, 'chunkSize'>,
): Promise<DeliveryOutcome> {
  const readStartedAt = invocation.clock.now();
  let bytes: Buffer = Buffer.alloc(0);
  for await (const whole of readChunks({ ...source, chunkSize: Math.max(source.size, 1) })) bytes = whole;
  invocation.stats.readMs += invocation.clock.now() - readStartedAt;

  const receipt = await sendEnvelope(invocation, {
    object: { ...object, sha256: createHash('sha256').update(bytes).digest('hex') },
    delivery: 'inline',
    content: bytes,
  });
  return {
    delivery: 'inline',
    messages: 1,
    bytes: source.size,
    partition: receipt.partition,
    offsets: [receipt.offset],
  };
}

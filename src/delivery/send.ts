import { InvalidEventError } from '../errors';
import type { Invocation } from './invocation';
import { serializeEnvelope, type EnvelopeParts } from '../message/envelope';
import { publishMessage, type PublishReceipt } from '../publish/publisher';
import type { RetryContext } from '../retry/retry';

/** What a delivery adds to the invocation's event to make one message. */
export type DeliveryParts = Omit<EnvelopeParts, 'event' | 'rawEvent'>;

/** Serializes one envelope and publishes it under the object's key, counting attempts and time. */
export async function sendEnvelope(
  invocation: Invocation,
  parts: DeliveryParts,
  retry: RetryContext = invocation.retry,
): Promise<PublishReceipt & { messageBytes: number }> {
  const value = serializeEnvelope({ event: invocation.parsed.event, rawEvent: invocation.parsed.raw, ...parts });
  const messageBytes = value.byteLength + invocation.key.byteLength;
  if (messageBytes > invocation.settings.maxMessageBytes) {
    // Only an event padded far beyond what OCI Events sends can get here: content is planned to fit.
    throw new InvalidEventError(
      `The event is too large to forward: its message would be ${messageBytes} bytes, over MAX_MESSAGE_BYTES (${invocation.settings.maxMessageBytes}).`,
    );
  }
  const startedAt = invocation.clock.now();
  try {
    const receipt = await publishMessage(invocation.sink, { key: invocation.key, value }, retry);
    invocation.stats.attempts += receipt.attempts;
    if (receipt.opcRequestId) invocation.stats.opcRequestIds.lastPublish = receipt.opcRequestId;
    return { ...receipt, messageBytes };
  } finally {
    invocation.stats.publishMs += invocation.clock.now() - startedAt;
  }
}

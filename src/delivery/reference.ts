import type { Invocation } from '../handler/invocation';
import type { ObjectDescription } from '../message/envelope';
import { withRetries, type RetryContext } from '../retry/retry';
import type { DeliveryOutcome } from './outcome';
import { sendEnvelope } from './send';

/** A pre-authenticated read URL when configured; a failure to make one is reported, not fatal. */
async function readUrlFor(invocation: Invocation, retry: RetryContext): Promise<{ url?: string; note?: string }> {
  const ttl = invocation.settings.referenceUrlTtlSeconds;
  if (ttl <= 0) return {};
  const expiresAt = new Date(invocation.clock.now() + ttl * 1000);
  try {
    const url = await withRetries(
      'Creating a pre-authenticated read URL',
      (timeoutMs) => invocation.objects.createReadUrl(invocation.object, expiresAt, { timeoutMs }),
      retry,
    );
    return { url };
  } catch (error) {
    invocation.logger.warn('pre-authenticated URL not created', {
      callId: invocation.callId,
      error: error instanceof Error ? error.message : String(error),
    });
    return { note: ' No pre-authenticated URL could be created (see the function log); check the PAR_MANAGE policy (README, Deploy step 2).' };
  }
}

/** Publishes a message that points at the object instead of carrying it. */
export async function deliverReference(
  invocation: Invocation,
  object: ObjectDescription,
  reason: string,
  retry: RetryContext = invocation.retry,
): Promise<DeliveryOutcome> {
  const { url, note } = await readUrlFor(invocation, retry);
  const fullReason = note ? reason + note : reason;
  const receipt = await sendEnvelope(
    invocation,
    {
      event: invocation.parsed.event,
      rawEvent: invocation.parsed.raw,
      object: url === undefined ? object : { ...object, url },
      delivery: 'reference',
      reason: fullReason,
    },
    retry,
  );
  return {
    delivery: 'reference',
    messages: 1,
    bytes: object.size ?? 0,
    partition: receipt.partition,
    offsets: [receipt.offset],
    reason: fullReason,
  };
}

import { messageOf } from '../errors';
import type { Invocation } from './invocation';
import type { ObjectDescription } from '../message/envelope';
import { Deadline } from '../retry/deadline';
import { withRetries, type RetryContext } from '../retry/retry';
import type { DeliveryOutcome } from './outcome';
import { sendEnvelope } from './send';

const MAX_URL_BUDGET_MS = 5_000;

/** A pre-authenticated read URL when configured; a failure to make one is reported, not fatal. */
async function readUrlFor(invocation: Invocation, retry: RetryContext): Promise<{ url?: string; note?: string }> {
  const ttl = invocation.settings.referenceUrlTtlSeconds;
  if (ttl <= 0) return {};
  const now = invocation.clock.now();
  const expiresAt = new Date(now + ttl * 1000);
  // The URL is an extra: it gets a bounded share of the time left, so the message itself can go out.
  const budgetMs = Math.min(MAX_URL_BUDGET_MS, retry.deadline.remainingMs() / 3);
  const urlRetry = { ...retry, deadline: new Deadline(invocation.clock, now + budgetMs, 0) };
  try {
    const url = await withRetries(
      'Creating a pre-authenticated read URL',
      (timeoutMs) => invocation.objects.createReadUrl(invocation.object, expiresAt, { timeoutMs }),
      urlRetry,
    );
    return { url };
  } catch (error) {
    invocation.logger.warn('pre-authenticated URL not created', {
      callId: invocation.callId,
      error: messageOf(error),
    });
    return { note: ' No pre-authenticated URL could be created (see the function log); check the PAR_MANAGE policy (README, Deploy step 3).' };
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

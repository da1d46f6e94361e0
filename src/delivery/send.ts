import { InvalidEventError } from '../errors';
import type { Invocation } from './invocation';
import { serializeEnvelope, type EnvelopeParts } from '../message/envelope';
import { publishMessage, type PublishReceipt } from '../publish/publisher';
import type { RetryContext } from '../retry/retry';

/** What a delivery adds to the invocation's event to make one message. */
export type DeliveryParts = Omit<EnvelopeParts, 'event' | 'rawEvent'>;

export type Sent = PublishReceipt & { messageBytes: number };

/** Serializes one envelope and publishes it under the object's key, counting attempts and time. */
export async function sendEnvelope(invocation: Invocation, parts: DeliveryParts, retry: RetryContext = invocation.retry): Promise<Sent> {
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

/** A failed attempt that the retry loop would retry, as whoever steers the retries sees it. */
export interface FailedAttempt {
  error: unknown;
  /** The wait the retry loop chose: backoff, or the wait a throttle stated (with its jitter). */
  backoffMs: number;
  /** From when the attempt was sent until its failure came back. */
  roundTripMs: number;
}

/** After a failed attempt: send again after a wait, or stop with a reason. */
export type Steering<Reason> = { retryInMs: number } | { stop: Reason };

/** A steered message that went in, with what its attempts met on the way. */
export interface SteeredSent extends Sent {
  /** The failures of the attempts before the accepted one, in order. */
  failures: unknown[];
  /** The accepted attempt's round trip. */
  roundTripMs: number;
}

/** Thrown through withRetries (whose beforeRetry stops an operation by throwing) and caught below. */
const STOPPED = Symbol('stopped by its steering');

/**
 * Sends one envelope as sendEnvelope does, with `steer` choosing after each failed attempt that
 * would be retried: how long to wait, or to stop. The caller gets a stop back as a value and
 * keeps no record of its own: this send times its attempts (the first from the call, as
 * serializing is part of what delays it) and hands back what they met.
 */
export async function sendSteered<Reason>(
  invocation: Invocation,
  parts: DeliveryParts,
  retry: RetryContext,
  steer: (failed: FailedAttempt) => Steering<Reason>,
): Promise<{ sent: SteeredSent } | { stopped: Reason }> {
  const { clock } = invocation;
  let attemptSentAt = clock.now();
  const failures: unknown[] = [];
  let stopped: { stop: Reason } | undefined;
  const steered: RetryContext = {
    ...retry,
    beforeRetry: (error, backoffMs) => {
      const steering = steer({ error, backoffMs, roundTripMs: clock.now() - attemptSentAt });
      if ('stop' in steering) {
        stopped = steering;
        throw STOPPED;
      }
      failures.push(error);
      attemptSentAt = clock.now() + steering.retryInMs;
      return steering.retryInMs;
    },
  };
  try {
    const sent = await sendEnvelope(invocation, parts, steered);
    return { sent: { ...sent, failures, roundTripMs: clock.now() - attemptSentAt } };
  } catch (error) {
    if (error === STOPPED && stopped) return { stopped: stopped.stop };
    throw error;
  }
}

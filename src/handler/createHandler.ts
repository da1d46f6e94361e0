import { deliverEvent } from '../delivery/deliver';
import type { DeliveryOutcome } from '../delivery/outcome';
import { describeThrown, messageOf, type FnStreamingError } from '../errors';
import { parseEvent, type ParsedEvent } from '../event/parse';
import { fateOf, toCallerError } from '../failure/fate';
import { messageKey } from '../message/key';
import type { Clock, Logger, LogFields, MessageSink, ObjectSource, PinnedObject } from '../ports';
import { Deadline } from '../retry/deadline';
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../retry/retry';
import { assertBucketAllowed } from './allowlist';
import type { Answer } from './answer';
import type { DeliverySettings, Invocation } from '../delivery/invocation';

/** OCI Functions' default timeout, used when the runtime sends no Fn-Deadline. */
const DEFAULT_TIMEOUT_MS = 30_000;
/** Kept back from the deadline so the answer is written before the runtime kills the call. */
const DEFAULT_SAFETY_MARGIN_MS = 2_000;

export interface HandlerDependencies {
  settings: DeliverySettings & { allowedBuckets: readonly string[] };
  objects: ObjectSource;
  sink: MessageSink;
  clock: Clock;
  logger: Logger;
  random?: () => number;
  backoff?: BackoffPolicy;
  safetyMarginMs?: number;
}

export interface CallContext {
  callId: string;
  deadline?: Date | undefined;
}

export type Handler = (input: unknown, context: CallContext) => Promise<Answer>;

function pinnedObject({ event }: ParsedEvent): PinnedObject {
  const details = event.data.additionalDetails;
  return {
    namespace: details.namespace,
    bucket: details.bucketName,
    name: event.data.resourceName,
    // A version is immutable; without one, the ETag pins the bytes that raised the event.
    versionId: details.versionId ?? null,
    eTag: details.versionId ? null : (details.eTag ?? null),
  };
}

function deadlineFor(context: CallContext, clock: Clock, marginMs: number): Deadline {
  const at = context.deadline?.getTime();
  return new Deadline(clock, at !== undefined && Number.isFinite(at) ? at : clock.now() + DEFAULT_TIMEOUT_MS, marginMs);
}

function errorFields(error: unknown): LogFields {
  const causes: string[] = [];
  for (let cause = error instanceof Error ? error.cause : undefined; cause !== undefined && causes.length < 5; ) {
    causes.push(describeThrown(cause));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return {
    error: describeThrown(error),
    ...(causes.length > 0 ? { causes } : {}),
  };
}

/** The handler core: unknown input in, the contract's answer out, or a clear error thrown. */
export function createHandler(deps: HandlerDependencies): Handler {
  const { clock, logger } = deps;
  const random = deps.random ?? Math.random;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const safetyMarginMs = deps.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS;

  return async (input, context) => {
    const startedAt = clock.now();
    const deadline = deadlineFor(context, clock, safetyMarginMs);
    const logged: LogFields = { callId: context.callId };
    let invocation: Invocation | undefined;
    try {
      const parsed = parseEvent(input);
      const object = pinnedObject(parsed);
      const key = messageKey(object);
      Object.assign(logged, {
        eventId: parsed.event.eventID,
        eventType: parsed.event.eventType,
        object: `${object.namespace}/${object.bucket}/${object.name}`,
        // The version the event was for: --from-log matches a later line to it by name and ETag.
        ...(parsed.event.data.additionalDetails.eTag === undefined ? {} : { eTag: parsed.event.data.additionalDetails.eTag }),
        key: key.toString('utf8'),
      });
      assertBucketAllowed(object, deps.settings.allowedBuckets);
      invocation = {
        callId: context.callId,
        parsed,
        object,
        key,
        settings: deps.settings,
        objects: deps.objects,
        sink: deps.sink,
        clock,
        logger,
        deadline,
        stats: { attempts: 0, readMs: 0, publishMs: 0, opcRequestIds: {} },
        retry: {
          clock,
          deadline,
          random,
          policy: backoff,
          onRetry: (error, attempt, delayMs) =>
            logger.warn('retrying', { ...logged, attempt, delayMs, ...errorFields(error), ...remoteFields(error) }),
        },
      };
      const outcome = await deliverEvent(invocation);
      const answer = publishedAnswer(parsed, key, outcome);
      logger.info('event handled', { ...logged, ...answerFields(answer), ...timing(invocation, startedAt, clock) });
      return answer;
    } catch (error) {
      if (fateOf(error) === 'skip' && invocation) {
        const answer = skippedAnswer(invocation, error);
        logger.info('event handled', { ...logged, ...answerFields(answer), ...timing(invocation, startedAt, clock) });
        return answer;
      }
      const callerError = toCallerError(error, context.callId);
      logger.error('event failed', {
        ...logged,
        outcome: 'failed',
        ...errorFields(error),
        ...remoteFields(error),
        ...(invocation ? timing(invocation, startedAt, clock) : { totalMs: clock.now() - startedAt }),
      });
      throw callerError;
    }
  };
}

/** Answers every invocation with the same start-up failure (bad configuration, no credentials). */
export function createFailingHandler(failure: FnStreamingError, logger: Logger): Handler {
  return async (_input, context) => {
    logger.error('event refused: the function is not set up', { callId: context.callId, error: failure.message });
    throw failure;
  };
}

function publishedAnswer({ event }: ParsedEvent, key: Buffer, outcome: DeliveryOutcome): Answer {
  return {
    status: 'published',
    delivery: outcome.delivery,
    key: key.toString('utf8'),
    messages: outcome.messages,
    bytes: outcome.bytes,
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
    eventId: event.eventID,
    ...(outcome.partition === undefined ? {} : { partition: outcome.partition }),
    offsets: outcome.offsets,
    ...(outcome.steppedAside === undefined ? {} : { steppedAside: outcome.steppedAside }),
  };
}

function skippedAnswer(invocation: Invocation, error: unknown): Answer {
  return {
    status: 'skipped',
    delivery: 'none',
    key: invocation.key.toString('utf8'),
    messages: 0,
    bytes: 0,
    reason: messageOf(error),
    eventId: invocation.parsed.event.eventID,
  };
}

function answerFields(answer: Answer): LogFields {
  return {
    outcome: answer.status,
    delivery: answer.delivery,
    messages: answer.messages,
    bytes: answer.bytes,
    ...(answer.reason === undefined ? {} : { reason: answer.reason }),
    // Names the object (with the line's `object` and `eventId`) for a later replay.
    ...(answer.steppedAside === undefined ? {} : { steppedAside: answer.steppedAside }),
  };
}

function timing(invocation: Invocation, startedAt: number, clock: Clock): LogFields {
  return {
    attempts: invocation.stats.attempts,
    readMs: invocation.stats.readMs,
    publishMs: invocation.stats.publishMs,
    totalMs: clock.now() - startedAt,
    opcRequestIds: invocation.stats.opcRequestIds,
  };
}

function remoteFields(error: unknown): LogFields {
  if (typeof error === 'object' && error !== null && 'details' in error) {
    const { details } = error as { details: Record<string, unknown> };
    return { remote: details };
  }
  return {};
}

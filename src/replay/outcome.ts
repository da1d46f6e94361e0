import { z } from 'zod';
import { describeThrown } from '../errors';
import { failsEveryEvent } from '../failure/fate';
import type { ObjectOutcome } from './ports';

/** The part of the function's answer (message-format.md) the replay reports. */
const AnswerSchema = z.looseObject({
  status: z.enum(['published', 'skipped']),
  delivery: z.enum(['inline', 'chunked', 'reference', 'none']),
  messages: z.number(),
  reason: z.string().optional(),
  /** Present when a chunked delivery gave way on a busy partition (message-format.md). */
  steppedAside: z.looseObject({}).optional(),
});

/** The function's answer, as an object, as text (invoke) or parsed (direct). */
export function outcomeOfAnswer(answer: unknown): ObjectOutcome {
  const parsed = AnswerSchema.safeParse(typeof answer === 'string' ? parseJson(answer) : answer);
  if (!parsed.success) {
    return { status: 'failed', reason: 'The function answered something that is not its answer format; check that the OCID names fn-streaming.' };
  }
  const { status, delivery, messages, reason, steppedAside } = parsed.data;
  return { status: steppedAside === undefined ? status : 'stepped-aside', delivery, messages, ...(reason === undefined ? {} : { reason }) };
}

export function outcomeOfFailure(error: unknown): ObjectOutcome {
  return { status: 'failed', reason: describeThrown(error), ...(failsEveryEvent(error) ? { stopsRun: true } : {}) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

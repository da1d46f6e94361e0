import type { ObjectDescription } from '../message/envelope';
import { Deadline } from '../retry/deadline';
import { ChunkSender } from './chunkSender';
import { readChunks, type ChunkSource } from './chunks';
import { endIncomplete, type StoppedEarly } from './incomplete';
import type { Invocation } from './invocation';
import type { DeliveryOutcome } from './outcome';
import type { ChunkedPlan } from './plan';

/** How sending the chunks ended. */
type ChunksEnded = { done: true } | StoppedEarly;

/**
 * Streams the object as ordered chunks (see ChunkSender), holding about one chunk in memory
 * whatever the object's size. A delivery that stops early, on purpose or by failure, tells
 * consumers with a reference message that the rest is not coming (see endIncomplete).
 */
export async function deliverChunked(
  invocation: Invocation,
  object: ObjectDescription,
  source: Omit<ChunkSource, 'chunkSize'>,
  plan: ChunkedPlan,
): Promise<DeliveryOutcome> {
  const { chunksEnd, referenceEnd } = endsOf(invocation);
  const sender = new ChunkSender(invocation, object, plan, chunksEnd);
  const ended = await sendChunks(sender, { ...source, chunkSize: plan.chunkSize });
  if ('done' in ended) return sender.outcome();
  return endIncomplete(invocation, object, sender, plan, ended, referenceEnd);
}

/** Reads the object chunk by chunk and sends each; leaving the loop early discards the read. */
async function sendChunks(sender: ChunkSender, source: ChunkSource): Promise<ChunksEnded> {
  try {
    for await (const chunk of readChunks(source)) {
      const verdict = await sender.send(chunk);
      if (!verdict.go) return { steppedAside: verdict.seen };
    }
    return { done: true };
  } catch (error) {
    return { failed: error };
  }
}

/**
 * The margin kept back from Fn-Deadline for answering is shared out: the last quarter stays for
 * the answer itself; the half before it is reserved for the reference message that tells
 * consumers the rest is not coming, should the chunks not finish (retried through throttling
 * within it); the chunks may use the time before that.
 */
function endsOf({ clock, deadline }: Invocation): { chunksEnd: Deadline; referenceEnd: Deadline } {
  const answerMs = deadline.safetyMarginMs / 4;
  return {
    chunksEnd: new Deadline(clock, deadline.at, answerMs + deadline.safetyMarginMs / 2),
    referenceEnd: new Deadline(clock, deadline.at, answerMs),
  };
}

import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { InvokeResult, RunningFunction } from '../harness';
import { DEFAULT_CONTENT_TYPE, inlineLimit } from '../e2e/support/objects-sizing';
import type { TestCredentials } from '../support/credentials';
import { eventFor } from '../support/events';
import type { Subject } from './subjects';
import { StreamCheck } from './verify';
import { BUCKET, NAMESPACE, startBenchWorld, type BenchWorld } from './world';

export const MAX_MESSAGE_BYTES = 1_000_000;
/** MAX_OBJECT_BYTES' default: the largest object delivered chunked. */
export const MAX_OBJECT_BYTES = 64 * 1024 * 1024;
export const SMALL_BYTES = 1024;
const DEADLINE_MS = 300_000;

/** The object contents a run sends, made once so every run and subject sends the same bytes. */
export interface Contents {
  small: Buffer;
  /** At least as large as any inline object (sliced to the inline limit of each run). */
  inlineSource: Buffer;
  /** Null when the chunked figures are not asked for. */
  chunked: Buffer | null;
}

export interface RunSettings {
  warmEvents: number;
}

export interface RunFigures {
  spawnToListenMs: number;
  coldStartMs: number;
  warmSmallMs: number;
  warmInlineMs: number;
  inlineBytes: number;
  inlinePeakKb: number | null;
  chunkedBytes: number | null;
  chunkedMs: number | null;
  chunkedMessages: number | null;
  chunkedPeakKb: number | null;
  /** Anything that makes this run's figures worthless: a failed answer, an object not rebuilt. */
  problems: string[];
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Sent {
  eventId: string;
  sha256: string;
}

/** One object in the world's bucket, and invoking its create event. */
export class BenchObject {
  readonly sha256: string;
  readonly eTag: string;
  readonly versionId: string;

  constructor(
    private readonly world: BenchWorld,
    readonly name: string,
    readonly content: Buffer,
  ) {
    ({ eTag: this.eTag, versionId: this.versionId } = world.emulator.putObject(NAMESPACE, BUCKET, name, content));
    this.sha256 = sha256(content);
  }

  event(eventId = randomUUID()): Record<string, any> {
    return eventFor('createobject-unversioned', { namespace: NAMESPACE, bucket: BUCKET, name: this.name, eTag: this.eTag, eventId });
  }
}

/** The largest object of this name that is delivered inline, by the function's own planner. */
function largestInline(world: BenchWorld, name: string, source: Buffer): BenchObject {
  // ETags and version ids change with each upload but keep their width, which is all sizes depend on.
  const probe = new BenchObject(world, name, Buffer.alloc(0));
  const served = { contentType: DEFAULT_CONTENT_TYPE, eTag: probe.eTag, versionId: probe.versionId };
  const limit = inlineLimit(probe.event(), served, { maxMessageBytes: MAX_MESSAGE_BYTES, maxObjectBytes: MAX_OBJECT_BYTES });
  if (limit > source.byteLength) throw new Error(`the inline limit (${limit} bytes) is over the ${source.byteLength} bytes prepared`);
  return new BenchObject(world, name, source.subarray(0, limit));
}

/**
 * One run of one subject in a fresh emulator and a fresh process: the start, a first small
 * event, warm small and largest-inline events, then (if asked) one chunked object. Every object
 * is then read back from the stream with the consumer's code.
 */
export async function measureRun(subject: Subject, nodeBinary: string, credentials: TestCredentials, contents: Contents, settings: RunSettings): Promise<RunFigures> {
  const world = await startBenchWorld(credentials);
  const problems: string[] = [];
  const sent: Sent[] = [];
  try {
    const small = new BenchObject(world, 'bench-small.bin', contents.small);
    const inline = largestInline(world, 'bench-largest-inline.bin', contents.inlineSource);
    const chunked = contents.chunked ? new BenchObject(world, 'bench-chunked.bin', contents.chunked) : null;

    const { fn, startedAt, listeningAt } = await world.start(subject, nodeBinary);
    const invoke = async (object: BenchObject, delivery: 'inline' | 'chunked'): Promise<InvokeResult> => {
      const eventId = randomUUID();
      const result = await fn.invoke(object.event(eventId), { deadlineMs: DEADLINE_MS });
      const answer = result.json as { status?: string; delivery?: string } | undefined;
      if (result.status !== 200 || answer?.status !== 'published' || answer.delivery !== delivery) {
        problems.push(`${object.name}: answered ${result.status} ${result.rawBody.slice(0, 300)}`);
      }
      sent.push({ eventId, sha256: object.sha256 });
      return result;
    };
    try {
      await invoke(small, 'inline');
      const coldStartMs = performance.now() - startedAt;
      const warmSmall: number[] = [];
      for (let i = 0; i < settings.warmEvents; i++) warmSmall.push((await invoke(small, 'inline')).durationMs);
      const warmInline: number[] = [];
      for (let i = 0; i < settings.warmEvents; i++) warmInline.push((await invoke(inline, 'inline')).durationMs);
      const inlinePeakKb = fn.peakMemoryKb();
      const chunkedRun = chunked ? await invoke(chunked, 'chunked') : null;
      const figures: RunFigures = {
        spawnToListenMs: listeningAt - startedAt,
        coldStartMs,
        warmSmallMs: median(warmSmall),
        warmInlineMs: median(warmInline),
        inlineBytes: inline.content.byteLength,
        inlinePeakKb,
        chunkedBytes: chunked?.content.byteLength ?? null,
        chunkedMs: chunkedRun?.durationMs ?? null,
        chunkedMessages: (chunkedRun?.json as { messages?: number } | undefined)?.messages ?? null,
        chunkedPeakKb: chunkedRun ? fn.peakMemoryKb() : null,
        problems,
      };
      await checkStream(world, sent, problems);
      return figures;
    } finally {
      await stopWithOutput(fn, problems);
    }
  } finally {
    await world.close();
  }
}

async function checkStream(world: BenchWorld, sent: readonly Sent[], problems: string[]): Promise<void> {
  const check = new StreamCheck();
  await check.read(world.emulator.messages(world.streamId));
  for (const event of sent) {
    const problem = check.problem(event.eventId, event.sha256);
    if (problem) problems.push(problem);
  }
}

/** A process that died during the run says why in its output. */
async function stopWithOutput(fn: RunningFunction, problems: string[]): Promise<void> {
  const exit = fn.exited();
  if (exit) problems.push(`the process ended during the run (code ${exit.code}, signal ${exit.signal}): ${fn.output().slice(-500)}`);
  await fn.stop();
}

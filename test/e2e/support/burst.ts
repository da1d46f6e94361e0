import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Assembler, type Assembled } from '../../../src/consume/assembler';
import { startEmulator, type Emulator } from '../../emulator';
import { startFunction, type InvokeResult, type RunningFunction } from '../../harness';
import { assertContractMessage } from '../../support/contract';
import { createTestCredentials, resourcePrincipalEnv, type TestCredentials } from '../../support/credentials';
import { eventFor } from '../../support/events';
import { expectedKey, sha256Hex } from './stream-reading';
import { BUCKET, NAMESPACE } from './world';

/**
 * Bursts: several function processes (each one warm container, as OCI Events fans out one
 * invocation per uploaded file) against one emulator whose partitions take a limited number of
 * bytes a second, invoked at the same moment. Every object must end whole in the stream (rebuilt
 * and sha256-checked by the product's consumer code) or as a reference telling the truth: no
 * chunks without either their last chunk or a reference after them.
 */

/** OCI Streaming's write limit per partition. */
export const PARTITION_BYTES_PER_SECOND = 1_000_000;
/** 3 MB objects are 5 chunks at the default 1,000,000-byte message budget. */
export const LARGE_OBJECT_BYTES = 3_000_000;

export interface BurstWorld {
  emulator: Emulator;
  streamId: string;
  functions: RunningFunction[];
  stop(): Promise<void>;
}

/** One emulator (one partition at PARTITION_BYTES_PER_SECOND) and `processes` warm function processes. */
export async function startBurstWorld(processes: number, credentials: TestCredentials = createTestCredentials()): Promise<BurstWorld> {
  const emulator = await startEmulator({ trustedIssuerPublicKeyPem: credentials.issuerPublicKeyPem, partitionBytesPerSecond: PARTITION_BYTES_PER_SECOND });
  const streamId = emulator.createStream('bursts');
  const functions: RunningFunction[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(functions.map((fn) => fn.stop()));
    await emulator.close();
  };
  try {
    // One after another: starting several Node processes at once is the CPU spike, not the burst.
    for (let i = 0; i < processes; i++) {
      functions.push(
        await startFunction({
          env: { ...resourcePrincipalEnv(credentials), OCI_STREAM_OCID: streamId, OCI_STREAM_ENDPOINT: emulator.url, OCI_OBJECTSTORAGE_ENDPOINT: emulator.url },
        }),
      );
    }
    await warmUp(emulator, functions);
  } catch (error) {
    await stop();
    throw error;
  }
  return { emulator, streamId, functions, stop };
}

/**
 * Each process handles one small event first, as a warm container has: the burst then measures
 * the partition, not each process's first-call costs (lazy SDK set-up, first connections).
 */
async function warmUp(emulator: Emulator, functions: readonly RunningFunction[]): Promise<void> {
  for (const [i, fn] of functions.entries()) {
    const name = `warm-up/${randomUUID()}-${i}.txt`;
    const { eTag } = emulator.putObject(NAMESPACE, BUCKET, name, Buffer.from('warm-up'));
    const result = await fn.invoke(eventFor('createobject-unversioned', { namespace: NAMESPACE, bucket: BUCKET, name, eTag, eventId: randomUUID() }));
    assert.equal(result.status, 200, `warm-up of process ${i}: ${result.rawBody}`);
  }
  await settlePartition();
}

export interface BurstObject {
  name: string;
  content: Buffer;
  deadlineMs: number;
  /** Invoked this long after the burst starts (default: at once). */
  delayMs?: number;
  /** The event's id (default: a fresh one). */
  eventId?: string;
}

export type BurstOutcome = 'completed' | 'stepped aside' | 'stopped' | 'failed';

export interface BurstRun {
  object: BurstObject;
  eventId: string;
  result: InvokeResult;
  outcome: BurstOutcome;
  /** Chunks of the object in the stream (0 for inline and references alone). */
  chunks: number;
}

/** A unique name per run, so bursts sharing a stream never see each other's messages. */
export function burstObjects(prefix: string, sizes: readonly number[], deadlineMs: number, content: (size: number) => Buffer): BurstObject[] {
  const run = randomUUID().slice(0, 8);
  return sizes.map((size, i) => ({ name: `${prefix}-${run}/object-${i}.bin`, content: content(size), deadlineMs }));
}

/** Waits until an idle partition's write budget is full again (it holds one second). */
export function settlePartition(): Promise<void> {
  return sleep(1_200);
}

/** Uploads the objects, then invokes one per function process, all at the same moment. */
export async function runBurst(world: BurstWorld, objects: readonly BurstObject[]): Promise<BurstRun[]> {
  assert.ok(objects.length <= world.functions.length, `${objects.length} objects for ${world.functions.length} function processes`);
  const events = objects.map((object) => {
    const { eTag } = world.emulator.putObject(NAMESPACE, BUCKET, object.name, object.content);
    return eventFor('createobject-unversioned', { namespace: NAMESPACE, bucket: BUCKET, name: object.name, eTag, eventId: object.eventId ?? randomUUID() });
  });
  const results = await Promise.all(
    objects.map(async (object, i) => {
      if (object.delayMs) await sleep(object.delayMs);
      return world.functions[i]!.invoke(events[i]!, { deadlineMs: object.deadlineMs });
    }),
  );
  return Promise.all(objects.map((object, i) => judgeRun(world, object, String(events[i]!.eventID), results[i]!)));
}

function context(run: { object: BurstObject; result: InvokeResult }): string {
  return `${run.object.name}: answer ${run.result.status} after ${Math.round(run.result.durationMs)} ms: ${run.result.rawBody}`;
}

/**
 * Reads the object's messages as a consumer would (contract check, then the Assembler) and
 * checks they tell the truth: the whole object, verified; or chunks 0..k-1 followed by one
 * reference saying "k of n chunks"; or a reference alone. Never chunks left hanging.
 */
async function judgeRun(world: BurstWorld, object: BurstObject, eventId: string, result: InvokeResult): Promise<BurstRun> {
  const where = context({ object, result });
  const key = Buffer.from(expectedKey(NAMESPACE, BUCKET, object.name), 'utf8');
  const values = world.emulator
    .messages(world.streamId)
    .filter((message) => message.key?.equals(key))
    .map((message) => ({ raw: message.value, value: assertContractMessage(message.value) }))
    .filter(({ value }) => value.data.event.eventID === eventId);
  const assembler = new Assembler();
  const assembled: Assembled[] = [];
  for (const { raw } of values) assembled.push(await assembler.accept(raw));
  assert.deepEqual(assembler.incomplete(), [], `${where}: chunks in the stream with neither their last chunk nor a reference after them`);

  const chunks = values.filter(({ value }) => value.data.delivery === 'chunked');
  const references = values.filter(({ value }) => value.data.delivery === 'reference');
  assert.deepEqual(
    chunks.map(({ value }) => value.data.chunk.index),
    chunks.map((_, index) => index),
    `${where}: chunks in order, each once`,
  );
  const whole = assembled.find((a) => a.kind === 'object');
  if (whole) {
    assert.ok(whole.kind === 'object' && whole.verified, `${where}: the consumer verified size and sha256`);
    assert.equal(whole.sha256, sha256Hex(object.content), `${where}: the rebuilt object is the uploaded one`);
    assert.equal(references.length, 0, `${where}: a whole object needs no reference`);
    assert.equal(result.status, 200, where);
    assert.equal((result.json as Record<string, unknown>).status, 'published', where);
    return { object, eventId, result, outcome: 'completed', chunks: chunks.length };
  }

  assert.equal(references.length, 1, `${where}: an object not delivered whole has exactly one reference message`);
  assert.equal(values.at(-1)?.value.data.delivery, 'reference', `${where}: the reference comes after the chunks`);
  const reason = String(references[0]!.value.data.reason);
  if (chunks.length > 0) {
    const count = chunks[0]!.value.data.chunk.count;
    assert.match(reason, new RegExp(`\\b${chunks.length} of ${count} chunks were published\\b`), `${where}: the reference says how many chunks made it`);
  }
  if (result.status !== 200) return { object, eventId, result, outcome: 'failed', chunks: chunks.length };
  const answer = result.json as Record<string, any>;
  assert.equal(answer.status, 'published', where);
  assert.equal(answer.delivery, 'reference', where);
  assert.equal(answer.reason, reason, `${where}: the answer gives the reference's reason`);
  assert.equal(answer.messages, values.length, `${where}: the answer counts the messages written`);
  assert.ok(answer.steppedAside, `${where}: the answer says the delivery stepped aside`);
  assert.equal(answer.steppedAside.chunksPublished, chunks.length, where);
  return { object, eventId, result, outcome: chunks.length === 0 ? 'stepped aside' : 'stopped', chunks: chunks.length };
}

/** Every invocation answered before its Fn-Deadline. */
export function assertAnsweredInTime(runs: readonly BurstRun[]): void {
  for (const run of runs) assert.ok(run.result.durationMs < run.object.deadlineMs, `answered in time: ${context(run)}`);
}

export function completed(runs: readonly BurstRun[]): number {
  return runs.filter((run) => run.outcome === 'completed').length;
}

/**
 * Whole objects of `messageBytes` each the partition can carry before the deadline: one second
 * of writes held at the start, then its rate, until the function's 2 s answering margin.
 */
export function capacity(messageBytes: number, deadlineMs: number): number {
  const seconds = (deadlineMs - 2_000) / 1000;
  return Math.floor((PARTITION_BYTES_PER_SECOND * (1 + seconds)) / messageBytes);
}

/** Stream bytes of a chunked delivery at the default budget: base64 (4/3) plus about 1% of envelopes. */
export function approximateMessageBytes(objectBytes: number): number {
  return Math.ceil(((objectBytes * 4) / 3) * 1.01);
}

/** One line per run, for the test output and the benchmark. */
export function describeRuns(runs: readonly BurstRun[]): string {
  return runs
    .map((run) => {
      const answer = run.result.json as Record<string, any> | undefined;
      const aside = answer?.steppedAside;
      const detail = aside ? ` (${aside.chunksPublished}/${aside.chunkCount} chunks, saw ${aside.observedBytesPerSecond === null ? '?' : Math.round(aside.observedBytesPerSecond)} B/s, needed ${Math.round(aside.neededMs)} ms, left ${Math.round(aside.leftMs)} ms)` : '';
      return `  ${run.object.name.split('/').at(-1)}: ${run.outcome}${detail}, ${run.chunks} chunks in the stream, answered in ${Math.round(run.result.durationMs)} ms`;
    })
    .join('\n');
}

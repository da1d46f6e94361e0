import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Assembler, type Assembled, type ObjectWriter } from '../../../src/consume/assembler';
import type { Fault, RequestRecord, StoredMessage } from '../../emulator';
import type { InvokeResult } from '../../harness';
import { assertContractMessage } from '../../support/contract';
import { markedContent } from '../../support/content';
import { BUCKET, NAMESPACE, type World } from './world';

/**
 * The fault-injection matrix: which fault is injected into which operation, for which kind of
 * object, and what the function must make of it. Every cell ends either `published` with the
 * whole object in the stream, or in a clear error before the Fn-Deadline.
 */

export type FaultedOperation = 'getObject' | 'putMessages';
export type ObjectKind = 'inline' | 'chunked';

/**
 * Short, so the many cells that must give up do so quickly (the function keeps 2 s back), yet
 * leaving the cells that must end published a few seconds on a loaded CI machine.
 */
export const DEADLINE_MS = 5_000;
/** A response that arrives only after the caller's deadline has passed. */
export const SLOW_MS = DEADLINE_MS + 1_000;

/** Small messages so a ~20 KB object is chunked; pacing fast enough not to matter here. */
export const MATRIX_CONFIG = { MAX_MESSAGE_BYTES: '8192', PUBLISH_BYTES_PER_SECOND: '10000000', LOG_LEVEL: 'info' };
export const OBJECT_BYTES: Record<ObjectKind, number> = { inline: 1_500, chunked: 20_000 };
/** Well past the first chunk (~4.8 KB at MAX_MESSAGE_BYTES 8192) and short of the last. */
const CHUNKED_TRUNCATE_AT = 6_000;
/** Chunks let through before a publish fault hits, so the chunked delivery fails part-way. */
export const CHUNKS_BEFORE_FAULT = 2;

export type Expected = 'published' | 'error';

export interface Cell {
  operation: FaultedOperation;
  fault: string;
  kind: ObjectKind;
  faults: Fault[];
  expect: Expected;
  /**
   * For chunked cells that fail after the delivery started: how many chunks get through before
   * the failure ('some' when it depends on the chunk size), and whether the stream still accepts
   * the best-effort reference message afterwards.
   */
  partWay?: { sent: number | 'some'; reference: boolean };
  /** Extra patterns the error detail must match (permanent refusals name the fix). */
  detail?: RegExp[];
  /** Permanent refusals are not retried: the faulted operation is requested at most this often. */
  maxRequests?: number;
}

const FOREVER = Infinity;

const statusFault = (operation: FaultedOperation, status: number, times: number): Fault => ({ operation, status, times });
/** Lets `times` requests through untouched, so the next fault hits a later request. */
const passThrough = (operation: FaultedOperation, times: number): Fault => ({ operation, times });

function both(operation: FaultedOperation, fault: string, expect: Expected, faults: (kind: ObjectKind) => Fault[], extra: (kind: ObjectKind) => Partial<Cell> = () => ({})): Cell[] {
  return (['inline', 'chunked'] as const).map((kind) => ({ operation, fault, kind, expect, faults: faults(kind), ...extra(kind) }));
}

/** Read faults: every one of them hits Object Storage before or while the object is read. */
export function readCells(): Cell[] {
  const op = 'getObject';
  const truncateAt = (kind: ObjectKind) => (kind === 'inline' ? 700 : CHUNKED_TRUNCATE_AT);
  const readPartWay = (kind: ObjectKind): Partial<Cell> => (kind === 'chunked' ? { partWay: { sent: 'some', reference: true } } : {});
  return [
    ...both(op, '429 x2', 'published', () => [statusFault(op, 429, 2)]),
    ...both(op, '500 x2', 'published', () => [statusFault(op, 500, 2)]),
    ...both(op, '503 x2', 'published', () => [statusFault(op, 503, 2)]),
    ...both(op, 'reset x2', 'published', () => [{ operation: op, reset: true, times: 2 }]),
    ...both(op, 'truncated body x1', 'published', (kind) => [{ operation: op, truncateBodyAfterBytes: truncateAt(kind), times: 1 }]),
    // Every read is cut short, but each one gets further: resuming at the offset reached finishes.
    ...both(op, 'truncated body every read', 'published', () => [{ operation: op, truncateBodyAfterBytes: 1_000, times: FOREVER }]),
    ...both(op, 'slower than deadline', 'error', () => [{ operation: op, delayMs: SLOW_MS, times: 1 }]),
    ...both(op, '429 forever', 'error', () => [statusFault(op, 429, FOREVER)]),
    ...both(op, '500 forever', 'error', () => [statusFault(op, 500, FOREVER)]),
    ...both(op, '503 forever', 'error', () => [statusFault(op, 503, FOREVER)]),
    ...both(op, 'reset forever', 'error', () => [{ operation: op, reset: true, times: FOREVER }]),
    ...both(
      op,
      'truncated, resume 500 forever',
      'error',
      (kind) => [
        { operation: op, truncateBodyAfterBytes: truncateAt(kind), times: 1 },
        statusFault(op, 500, FOREVER),
      ],
      readPartWay,
    ),
    ...both(
      op,
      'truncated, resume stalls forever',
      'error',
      (kind) => [
        { operation: op, truncateBodyAfterBytes: truncateAt(kind), times: 1 },
        { operation: op, truncateBodyAfterBytes: 0, times: FOREVER },
      ],
      readPartWay,
    ),
  ];
}

/** Publish faults: whole-request failures, and PutMessages' per-entry failures inside an HTTP 200. */
export function publishCells(): Cell[] {
  const op = 'putMessages';
  const entryFailure = (error: string) => ({ index: 0, error, errorMessage: 'injected entry failure' });
  // In a chunked delivery a fault that never ends hits after CHUNKS_BEFORE_FAULT chunks: part-way.
  const midway = (kind: ObjectKind, fault: Fault): Fault[] => (kind === 'chunked' ? [passThrough(op, CHUNKS_BEFORE_FAULT), fault] : [fault]);
  const partWay =
    (reference: boolean) =>
    (kind: ObjectKind): Partial<Cell> =>
      kind === 'chunked' ? { partWay: { sent: CHUNKS_BEFORE_FAULT, reference } } : {};
  return [
    ...both(op, '429 x2', 'published', () => [statusFault(op, 429, 2)]),
    ...both(op, '500 x2', 'published', () => [statusFault(op, 500, 2)]),
    ...both(op, '503 x2', 'published', () => [statusFault(op, 503, 2)]),
    ...both(op, 'reset x2', 'published', () => [{ operation: op, reset: true, times: 2 }]),
    ...both(op, 'entry fails: first entry x1', 'published', () => [{ operation: op, entryFailures: [entryFailure('InternalServerError')] }]),
    {
      operation: op,
      fault: 'entry fails: middle chunk x1',
      kind: 'chunked',
      expect: 'published',
      faults: [passThrough(op, CHUNKS_BEFORE_FAULT), { operation: op, entryFailures: [entryFailure('InternalServerError')] }],
    },
    ...both(op, 'entry fails: all entries x2', 'published', () => [
      { operation: op, failAllEntries: { error: 'InternalServerError', errorMessage: 'injected' }, times: 2 },
    ]),
    ...both(op, "entry throttled '429' x3", 'published', () => [{ operation: op, failAllEntries: { error: '429', errorMessage: 'throttled' }, times: 3 }]),
    // Part-way publish faults that end on their own leave the stream open for the reference message.
    ...both(op, 'slower than deadline', 'error', (kind) => midway(kind, { operation: op, delayMs: SLOW_MS, times: 1 }), partWay(true)),
    ...both(op, 'entry fails: middle chunk, permanent', 'error', (kind) => midway(kind, { operation: op, entryFailures: [entryFailure('InvalidParameter')] }), partWay(true)),
    // Faults that never end also refuse the reference message: only the chunks before them land.
    ...both(op, '429 forever', 'error', (kind) => midway(kind, statusFault(op, 429, FOREVER)), partWay(false)),
    ...both(op, '500 forever', 'error', (kind) => midway(kind, statusFault(op, 500, FOREVER)), partWay(false)),
    ...both(op, '503 forever', 'error', (kind) => midway(kind, statusFault(op, 503, FOREVER)), partWay(false)),
    ...both(op, 'reset forever', 'error', (kind) => midway(kind, { operation: op, reset: true, times: FOREVER }), partWay(false)),
    ...both(
      op,
      'entry fails: all entries forever',
      'error',
      (kind) => midway(kind, { operation: op, failAllEntries: { error: 'InternalServerError', errorMessage: 'injected' }, times: FOREVER }),
      partWay(false),
    ),
    ...both(
      op,
      "entry throttled '429' forever",
      'error',
      (kind) => midway(kind, { operation: op, failAllEntries: { error: '429', errorMessage: 'throttled' }, times: FOREVER }),
      partWay(false),
    ),
  ];
}

/** Refusals no retry can fix: answered at once, naming the policy or setting to check. */
export function permanentCells(): Cell[] {
  return [
    ...both('putMessages', '404 NotAuthorizedOrNotFound', 'error', () => [
      { operation: 'putMessages', status: 404, code: 'NotAuthorizedOrNotFound', times: FOREVER },
    ], (kind) => ({
      detail: [/stream-push/, /OCI_STREAM_OCID/],
      // Inline: the one message. Chunked: chunk 0, then the best-effort reference (refused too).
      maxRequests: kind === 'inline' ? 1 : 2,
      ...(kind === 'chunked' ? { partWay: { sent: 0, reference: false } } : {}),
    })),
    ...both('getObject', '401 NotAuthenticated', 'error', () => [{ operation: 'getObject', status: 401, code: 'NotAuthenticated', times: FOREVER }], () => ({
      detail: [/dynamic group/],
      maxRequests: 1,
    })),
  ];
}

export interface CellRow {
  operation: FaultedOperation;
  fault: string;
  kind: ObjectKind;
  outcome: string;
  durationMs: number;
}

export function objectName(cell: Cell): string {
  const slug = `${cell.operation}-${cell.fault}-${cell.kind}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return `fault-matrix/${slug}.bin`;
}

export function keyOf(name: string): Buffer {
  return Buffer.from(`${NAMESPACE}/${BUCKET}/${name}`, 'utf8');
}

/** The messages under one object's key, in stream order. */
export function messagesFor(world: World, name: string): StoredMessage[] {
  const key = keyOf(name);
  return world.emulator.messages(world.streamId).filter((message) => message.key?.equals(key));
}

function outcomeOf(result: InvokeResult): string {
  const answer = result.json as { status?: unknown } | undefined;
  if (result.status === 200) return String(answer?.status ?? 'no status');
  return `error ${result.status}`;
}

function describeResult(world: World, result: InvokeResult): string {
  return `answer ${result.status} after ${Math.round(result.durationMs)} ms: ${result.rawBody}\nfunction output:\n${world.fn.output().slice(-4_000)}`;
}

/** Runs one cell: upload, inject, invoke, record the row (even if a check then fails), check. */
export async function runCell(world: World, cell: Cell, rows: CellRow[]): Promise<void> {
  world.emulator.clearFaults();
  const name = objectName(cell);
  const bytes = markedContent(OBJECT_BYTES[cell.kind]);
  const { eTag } = world.upload(name, bytes);
  const requestsBefore = world.emulator.requests().length;
  for (const fault of cell.faults) world.emulator.injectFault(fault);
  let result: InvokeResult;
  try {
    result = await world.invokeEvent('createobject-unversioned', { name, eTag }, { deadlineMs: DEADLINE_MS });
  } finally {
    world.emulator.clearFaults();
  }
  rows.push({ operation: cell.operation, fault: cell.fault, kind: cell.kind, outcome: outcomeOf(result), durationMs: Math.round(result.durationMs) });
  const requests = world.emulator.requests().slice(requestsBefore);

  assert.equal(world.fn.exited(), null, `the function process survives the fault\n${describeResult(world, result)}`);
  if (cell.expect === 'published') await expectPublished(world, cell, name, bytes, result);
  else await expectClearError(world, cell, name, result, requests);
}

class CollectingWriter implements ObjectWriter {
  readonly objects: Array<{ eventId: string; bytes: Buffer; ok: boolean }> = [];
  private pieces: Buffer[] = [];

  write(_name: string, _eventId: string, bytes: Buffer): void {
    this.pieces.push(Buffer.from(bytes));
  }

  done(_name: string, eventId: string, ok: boolean): void {
    this.objects.push({ eventId, bytes: Buffer.concat(this.pieces), ok });
    this.pieces = [];
  }
}

interface Consumed {
  values: Array<Record<string, any>>;
  results: Assembled[];
  writer: CollectingWriter;
  assembler: Assembler;
}

/** Reads the key's messages as a consumer would: contract check first, then the Assembler. */
async function consume(world: World, name: string): Promise<Consumed> {
  const writer = new CollectingWriter();
  const assembler = new Assembler(writer);
  const values: Array<Record<string, any>> = [];
  const results: Assembled[] = [];
  for (const message of messagesFor(world, name)) {
    values.push(assertContractMessage(message.value));
    results.push(await assembler.accept(message.value));
  }
  return { values, results, writer, assembler };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function expectPublished(world: World, cell: Cell, name: string, bytes: Buffer, result: InvokeResult): Promise<void> {
  const context = describeResult(world, result);
  assert.equal(result.status, 200, context);
  const answer = result.json as Record<string, any>;
  assert.equal(answer.status, 'published', context);
  assert.equal(answer.delivery, cell.kind, context);
  assert.equal(answer.bytes, bytes.byteLength);
  assert.equal(answer.key, keyOf(name).toString('utf8'));

  const { values, results, writer } = await consume(world, name);
  assert.equal(answer.messages, values.length, 'the answer counts exactly the messages in the stream: no duplicates, none missing');
  for (const value of values) assert.equal(value.data.delivery, cell.kind);
  if (cell.kind === 'inline') {
    assert.equal(values.length, 1);
  } else {
    assert.ok(values.length >= 3, `a ${bytes.byteLength}-byte object at MAX_MESSAGE_BYTES 8192 is chunked (got ${values.length} messages)`);
    assert.deepEqual(
      values.map((value) => value.data.chunk.index),
      values.map((_, index) => index),
      'chunks are in index order',
    );
    for (const value of values) assert.equal(value.data.chunk.count, values.length);
  }
  const last = results.at(-1);
  assert.equal(last?.kind, 'object', `the consumer rebuilt the object: ${JSON.stringify(results)}`);
  assert.ok(last.kind === 'object' && last.verified, 'the consumer verified size and sha256');
  assert.equal(last.sha256, sha256(bytes));
  assert.equal(writer.objects.length, 1);
  assert.ok(writer.objects[0]!.bytes.equals(bytes), 'the rebuilt bytes are the uploaded bytes');
}

/** Traces of internals or secrets that must never reach the caller. */
function assertNothingLeaks(world: World, detail: string): void {
  assert.doesNotMatch(detail, /\n\s+at /, 'no stack trace');
  assert.doesNotMatch(detail, /(^|[\s("'=])\/(home|tmp|work|usr|var|opt|root|proc)\//, 'no file paths');
  assert.doesNotMatch(detail, /\.(js|ts|mjs|cjs):\d+/, 'no source locations');
  assert.ok(!detail.includes(world.credentials.dir), 'no credentials path');
  assert.ok(!detail.includes(world.credentials.resourcePrincipal.sessionToken), 'no session token');
  assert.ok(!detail.includes('ST$'), 'no key id with a session token');
  assert.doesNotMatch(detail, /eyJ[A-Za-z0-9_-]{10,}/, 'nothing JWT-like');
  assert.ok(!detail.includes('-----BEGIN') && !detail.includes('PRIVATE KEY'), 'no key material');
}

/** What the detail must name: the operation that failed, and something the operator can do. */
const NAMES_FAILURE: Record<FaultedOperation, RegExp> = {
  getObject: /Object Storage|reading the object|the object's body/i,
  putMessages: /Streaming|publishing|the stream/i,
};
const NAMES_ACTION = /check|invoke again|replay|raise the function's timeout|read the object from Object Storage/i;

async function expectClearError(world: World, cell: Cell, name: string, result: InvokeResult, requests: RequestRecord[]): Promise<void> {
  const context = describeResult(world, result);
  assert.equal(result.status, 502, context);
  assert.ok(result.durationMs < DEADLINE_MS, `answered in ${Math.round(result.durationMs)} ms, before the ${DEADLINE_MS} ms deadline`);
  const detail = (result.json as { detail?: unknown } | undefined)?.detail;
  assert.equal(typeof detail, 'string', context);
  const text = detail as string;
  assert.ok(text.length > 0);
  assertNothingLeaks(world, text);
  assert.match(text, NAMES_FAILURE[cell.operation], 'the detail names what failed');
  assert.match(text, NAMES_ACTION, 'the detail says what to do');
  for (const pattern of cell.detail ?? []) assert.match(text, pattern);
  if (cell.maxRequests !== undefined) {
    const made = requests.filter((request) => request.operation === cell.operation).length;
    assert.ok(made <= cell.maxRequests, `a permanent refusal is not retried: ${made} ${cell.operation} requests`);
  }

  const { values, results, assembler } = await consume(world, name);
  if (!cell.partWay) {
    assert.deepEqual(values.map((value) => value.id), [], 'a failure before any content was sent leaves nothing in the stream');
    return;
  }
  const stopped = /stopped after (\d+) of (\d+) chunks/.exec(text);
  assert.ok(stopped, `the detail says how far the chunked delivery got: ${text}`);
  const sent = Number(stopped[1]);
  const count = Number(stopped[2]);
  if (cell.partWay.sent === 'some') assert.ok(sent >= 1 && sent < count, `failed part-way: ${sent} of ${count}`);
  else assert.equal(sent, cell.partWay.sent);

  const chunks = values.filter((value) => value.data.delivery === 'chunked');
  const references = values.filter((value) => value.data.delivery === 'reference');
  assert.equal(chunks.length + references.length, values.length, 'only chunks and the reference message');
  assert.deepEqual(
    chunks.map((value) => value.data.chunk.index),
    Array.from({ length: sent }, (_, index) => index),
    'exactly the chunks the detail counts, in order',
  );
  if (cell.partWay.reference) {
    assert.equal(references.length, 1, 'a best-effort reference message follows the chunks that made it');
    assert.equal(values.at(-1)?.data.delivery, 'reference', 'the reference comes after the chunks');
    assert.match(references[0]!.data.reason, new RegExp(`\\b${sent} of ${count} chunks\\b`), 'the reference says how many chunks made it');
    assert.equal(results.at(-1)?.kind, 'pointer');
    assert.deepEqual(assembler.incomplete(), [], 'the consumer knows the rest is not coming');
    assert.match(text, /Consumers were sent a reference message/, 'the detail says consumers were told');
  } else {
    assert.equal(references.length, 0, 'the stream refused the reference too');
    assert.doesNotMatch(text, /Consumers were sent a reference/, 'the detail does not claim a reference that was never published');
    assert.match(text, /reference message .*could not be published/, 'the detail says consumers could not be told');
  }
}

/** One line per cell, aligned, for the end-of-file summary. */
export function formatTable(rows: readonly CellRow[]): string {
  const lines = [
    ['operation', 'fault', 'object', 'outcome', 'ms'],
    ...rows.map((row) => [row.operation, row.fault, row.kind, row.outcome, String(row.durationMs)]),
  ];
  const widths = lines[0]!.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  return lines
    .map((line) => line.map((cell, column) => (column === line.length - 1 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  '))
    .join('\n');
}

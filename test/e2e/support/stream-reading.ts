import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Assembler, type ObjectWriter } from '../../../src/consume/assembler';
import type { RequestRecord } from '../../emulator';
import { assertContractMessage } from '../../support/contract';
import type { World } from './world';

/**
 * Reads what a world's stream gained since the last look, as a consumer would: every message
 * checked against the contract (schema, key, id, chunk order) and every object rebuilt through
 * the product's own consumer (`Assembler`), whose sha256 check must pass.
 */

const MAX_KEY_BYTES = 256;
const DEFAULT_MAX_MESSAGE_BYTES = 1_000_000;

/** The contract's key, worked out here on its own rather than with src/message/key.ts. */
export function expectedKey(namespace: string, bucket: string, name: string): string {
  const path = `${namespace}/${bucket}/${name}`;
  return Buffer.byteLength(path, 'utf8') <= MAX_KEY_BYTES ? path : createHash('sha256').update(path, 'utf8').digest('hex');
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface ContractMessage {
  partition: number;
  offset: number;
  /** The key as text. */
  key: string;
  /** The raw value, byte for byte as stored. */
  raw: Buffer;
  value: Record<string, any>;
  /** Value plus key bytes: what MAX_MESSAGE_BYTES bounds. */
  size: number;
  /** When the emulator stored it. */
  timestamp: Date;
}

export interface RebuiltObject {
  eventId: string;
  name: string;
  delivery: 'inline' | 'chunked';
  bytes: Buffer;
  sha256: string;
}

export interface StreamReading {
  messages: ContractMessage[];
  /** Objects whose content was in the stream, rebuilt and verified by the Assembler. */
  objects: RebuiltObject[];
  /** Emulator requests made since the last read (both services). */
  requests: RequestRecord[];
}

class CollectingWriter implements ObjectWriter {
  readonly pieces = new Map<string, Buffer[]>();
  readonly finished = new Map<string, { bytes: Buffer; ok: boolean }>();

  write(_name: string, eventId: string, bytes: Buffer): void {
    const pieces = this.pieces.get(eventId) ?? [];
    pieces.push(Buffer.from(bytes));
    this.pieces.set(eventId, pieces);
  }

  done(_name: string, eventId: string, ok: boolean): void {
    this.finished.set(eventId, { bytes: Buffer.concat(this.pieces.get(eventId) ?? []), ok });
    this.pieces.delete(eventId);
  }
}

function checkEnvelope(message: ContractMessage, maxMessageBytes: number): void {
  const { value } = message;
  const { data } = value;
  const event = data.event;
  const details = event.data.additionalDetails;
  const where = `message ${message.partition}/${message.offset} (${String(value.id)})`;
  assert.equal(data.object.namespace, details.namespace, `${where}: data.object.namespace`);
  assert.equal(data.object.bucket, details.bucketName, `${where}: data.object.bucket`);
  assert.equal(data.object.name, event.data.resourceName, `${where}: data.object.name`);
  assert.equal(value.subject, data.object.name, `${where}: subject`);
  assert.equal(value.source, `/n/${data.object.namespace}/b/${data.object.bucket}`, `${where}: source`);
  assert.equal(value.type, event.eventType, `${where}: type`);
  assert.equal(value.time, event.eventTime, `${where}: time`);
  assert.equal(message.key, expectedKey(data.object.namespace, data.object.bucket, data.object.name), `${where}: key`);
  assert.equal(value.id, data.chunk ? `${event.eventID}/${data.chunk.index}` : event.eventID, `${where}: id`);
  assert.ok(message.size <= maxMessageBytes, `${where}: ${message.size} bytes, over MAX_MESSAGE_BYTES ${maxMessageBytes}`);
  if (data.delivery === 'inline') {
    assert.equal(Buffer.from(data.content, 'base64').byteLength, data.object.size, `${where}: inline content length vs data.object.size`);
  }
  if (data.delivery === 'chunked') {
    assert.equal(Buffer.from(data.content, 'base64').byteLength, data.chunk.size, `${where}: chunk content length vs data.chunk.size`);
  }
}

/** Within one key, each event's chunks come 0..count-1, contiguous in offset, same object. */
function checkChunkOrder(messages: readonly ContractMessage[]): void {
  const progress = new Map<string, { next: number; offset: number; count: number; object: Record<string, unknown> }>();
  for (const message of messages) {
    const { data } = message.value;
    if (data.delivery !== 'chunked') continue;
    const eventKey = `${message.key}\n${data.event.eventID}`;
    const { sha256, ...object } = data.object;
    let state = progress.get(eventKey);
    if (data.chunk.index === 0) {
      assert.equal(state, undefined, `${message.value.id}: a second chunk 0 for an event already under way`);
      state = { next: 0, offset: 0, count: data.chunk.count, object };
      progress.set(eventKey, state);
    }
    assert.ok(state, `${message.value.id}: chunk ${data.chunk.index} before chunk 0`);
    assert.equal(data.chunk.index, state.next, `${message.value.id}: chunks out of order`);
    assert.equal(data.chunk.offset, state.offset, `${message.value.id}: chunk offset`);
    assert.equal(data.chunk.count, state.count, `${message.value.id}: chunk count changed`);
    assert.deepEqual(object, state.object, `${message.value.id}: every chunk carries the same data.object`);
    const last = data.chunk.index === data.chunk.count - 1;
    if (last) assert.match(String(sha256), /^[0-9a-f]{64}$/, `${message.value.id}: the last chunk carries the sha256`);
    state.next += 1;
    state.offset += data.chunk.size;
    if (last) {
      assert.equal(state.offset, data.object.size, `${message.value.id}: chunk sizes add up to data.object.size`);
      progress.delete(eventKey);
    }
  }
  assert.deepEqual([...progress.keys()], [], 'chunked deliveries left unfinished in the stream');
}

export class StreamTap {
  private readonly seen = new Set<string>();
  private requestsSeen = 0;
  private readonly maxMessageBytes: number;

  constructor(
    private readonly world: Pick<World, 'emulator' | 'streamId'>,
    options: { maxMessageBytes?: number } = {},
  ) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  async read(): Promise<StreamReading> {
    const fresh = this.world.emulator.messages(this.world.streamId).filter((stored) => !this.seen.has(`${stored.partition}/${stored.offset}`));
    const requests = this.world.emulator.requests().slice(this.requestsSeen);
    // Marked as seen before checking, so one test's bad messages do not fail the next test too.
    this.requestsSeen += requests.length;
    for (const stored of fresh) this.seen.add(`${stored.partition}/${stored.offset}`);
    const messages = fresh.map((stored): ContractMessage => {
      assert.ok(stored.key, `message ${stored.partition}/${stored.offset} has no key`);
      const message: ContractMessage = {
        partition: stored.partition,
        offset: stored.offset,
        key: stored.key.toString('utf8'),
        raw: stored.value,
        value: assertContractMessage(stored.value),
        size: stored.value.byteLength + stored.key.byteLength,
        timestamp: stored.timestamp,
      };
      checkEnvelope(message, this.maxMessageBytes);
      return message;
    });
    checkChunkOrder(messages);

    const writer = new CollectingWriter();
    const assembler = new Assembler(writer);
    const objects: RebuiltObject[] = [];
    for (const message of messages) {
      const assembled = await assembler.accept(message.raw);
      assert.notEqual(assembled.kind, 'broken', `${message.value.id}: ${JSON.stringify(assembled)}`);
      if (assembled.kind !== 'object') continue;
      assert.ok(assembled.verified, `${message.value.id}: the Assembler's sha256/size check failed`);
      const finished = writer.finished.get(assembled.eventId);
      assert.ok(finished?.ok, `${message.value.id}: the writer was not told the object is complete`);
      assert.equal(finished.bytes.byteLength, assembled.size);
      assert.equal(sha256Hex(finished.bytes), assembled.sha256);
      objects.push({ eventId: assembled.eventId, name: assembled.name, delivery: assembled.delivery, bytes: finished.bytes, sha256: assembled.sha256 });
    }
    assert.deepEqual(assembler.incomplete(), [], 'the Assembler holds objects whose chunks stopped part-way');
    return { messages, objects, requests };
  }
}

import { createHash, type Hash } from 'node:crypto';
import { z } from 'zod';

/** The part of the message contract a consumer needs to rebuild objects. */
const StreamMessageSchema = z.looseObject({
  id: z.string(),
  subject: z.string(),
  data: z.looseObject({
    object: z.looseObject({ name: z.string(), size: z.number().nullable(), sha256: z.string().nullable() }),
    delivery: z.enum(['inline', 'chunked', 'reference', 'none']),
    content: z.string().optional(),
    chunk: z.object({ index: z.number(), count: z.number(), offset: z.number(), size: z.number() }).optional(),
    reason: z.string().optional(),
  }),
});

export type StreamMessageValue = z.infer<typeof StreamMessageSchema>;

/** What the consumer learnt from one message. */
export type Assembled =
  | {
      kind: 'object';
      name: string;
      eventId: string;
      delivery: 'inline' | 'chunked';
      size: number;
      sha256: string;
      verified: boolean;
      /** Why it was checked but not handed to the writer: over the largest object it may write. */
      notWritten?: string;
    }
  | { kind: 'chunk'; name: string; eventId: string; index: number; count: number }
  | { kind: 'pointer'; name: string; eventId: string; delivery: 'reference' | 'none'; reason: string }
  | { kind: 'broken'; name: string; eventId: string; problem: string };

export interface ObjectWriter {
  /** Called with each piece of an object's bytes in order; `done` once after the last. */
  write(name: string, eventId: string, bytes: Buffer): void | Promise<void>;
  done(name: string, eventId: string, ok: boolean): void | Promise<void>;
}

interface Pending {
  name: string;
  next: number;
  count: number;
  bytes: number;
  hash: Hash;
  /** Set once the object is known to be over the bound: its chunks are checked, not written. */
  notWritten?: string;
}

export interface AssemblerOptions {
  /** The largest object handed to the writer; larger ones are still checked, and said to be not written. */
  maxObjectBytes?: number;
}

function eventIdOf(message: StreamMessageValue): string {
  return message.data.chunk ? message.id.slice(0, message.id.lastIndexOf('/')) : message.id;
}

/**
 * Rebuilds objects from the stream in constant memory: chunks are hashed and handed to the
 * writer as they arrive, and the whole is checked against the last chunk's sha256. Redelivered
 * chunks (at-least-once) are recognised by id and skipped.
 */
export class Assembler {
  private readonly pending = new Map<string, Pending>();
  private readonly maxObjectBytes: number;

  constructor(
    private readonly writer?: ObjectWriter,
    options: AssemblerOptions = {},
  ) {
    this.maxObjectBytes = options.maxObjectBytes ?? Infinity;
  }

  /** Why an object of `bytes` is not written, or undefined when it may be. */
  private overBound(bytes: number): string | undefined {
    if (this.writer === undefined || bytes <= this.maxObjectBytes) return undefined;
    return `not written: ${bytes} bytes is over the largest object to write (${this.maxObjectBytes} bytes)`;
  }

  async accept(value: Buffer): Promise<Assembled> {
    let parsed: StreamMessageValue;
    try {
      parsed = StreamMessageSchema.parse(JSON.parse(value.toString('utf8')));
    } catch {
      return { kind: 'broken', name: '?', eventId: '?', problem: 'not a fn-streaming message' };
    }
    const { data } = parsed;
    const eventId = eventIdOf(parsed);
    const name = data.object.name;
    if (data.delivery === 'reference' || data.delivery === 'none') {
      // A reference after some chunks means the rest is not coming: drop what was written.
      if (this.pending.delete(eventId)) await this.writer?.done(name, eventId, false);
      return { kind: 'pointer', name, eventId, delivery: data.delivery, reason: data.reason ?? '' };
    }
    const bytes = Buffer.from(data.content ?? '', 'base64');
    if (data.delivery === 'inline') {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const verified = sha256 === data.object.sha256;
      const notWritten = this.overBound(bytes.byteLength);
      if (notWritten === undefined) {
        await this.writer?.write(name, eventId, bytes);
        await this.writer?.done(name, eventId, verified);
      }
      return { kind: 'object', name, eventId, delivery: 'inline', size: bytes.byteLength, sha256, verified, ...(notWritten === undefined ? {} : { notWritten }) };
    }
    return this.acceptChunk(parsed, eventId, bytes);
  }

  private async acceptChunk(message: StreamMessageValue, eventId: string, bytes: Buffer): Promise<Assembled> {
    const chunk = message.data.chunk;
    const name = message.data.object.name;
    if (!chunk) return { kind: 'broken', name, eventId, problem: 'chunked message without data.chunk' };
    let state = this.pending.get(eventId);
    if (chunk.index === 0 && (!state || state.next !== 0)) {
      // Starting over (a redelivered or replayed chunk 0): the bytes written so far would repeat.
      if (state) await this.writer?.done(name, eventId, false);
      // The size the message declares is known at the first chunk: a larger object is not started.
      const notWritten = this.overBound(message.data.object.size ?? 0);
      state = { name, next: 0, count: chunk.count, bytes: 0, hash: createHash('sha256'), ...(notWritten === undefined ? {} : { notWritten }) };
      this.pending.set(eventId, state);
    }
    if (!state || chunk.index < state.next) return { kind: 'chunk', name, eventId, index: chunk.index, count: chunk.count };
    if (chunk.index !== state.next || chunk.offset !== state.bytes || bytes.byteLength !== chunk.size) {
      this.pending.delete(eventId);
      await this.writer?.done(name, eventId, false);
      return { kind: 'broken', name, eventId, problem: `expected chunk ${state.next} at offset ${state.bytes}, got ${chunk.index} at ${chunk.offset}` };
    }
    state.hash.update(bytes);
    state.bytes += bytes.byteLength;
    state.next += 1;
    if (state.notWritten === undefined) {
      const notWritten = this.overBound(state.bytes);
      if (notWritten === undefined) {
        await this.writer?.write(name, eventId, bytes);
      } else {
        // Chunks that add up to more than the message declared are bounded too: what was written goes.
        state.notWritten = notWritten;
        await this.writer?.done(name, eventId, false);
      }
    }
    if (state.next < state.count) return { kind: 'chunk', name, eventId, index: chunk.index, count: chunk.count };

    this.pending.delete(eventId);
    const sha256 = state.hash.digest('hex');
    const verified = sha256 === message.data.object.sha256 && state.bytes === message.data.object.size;
    const { notWritten } = state;
    if (notWritten === undefined) await this.writer?.done(name, eventId, verified);
    return { kind: 'object', name, eventId, delivery: 'chunked', size: state.bytes, sha256, verified, ...(notWritten === undefined ? {} : { notWritten }) };
  }

  /** Objects whose chunks stopped before the last one. */
  incomplete(): string[] {
    return [...this.pending.keys()];
  }

  /** Drops the objects whose chunks stopped before the last one (their partial files go); their event ids. */
  async abandon(): Promise<string[]> {
    const dropped = [...this.pending.entries()];
    this.pending.clear();
    for (const [eventId, state] of dropped) await this.writer?.done(state.name, eventId, false);
    return dropped.map(([eventId]) => eventId);
  }
}

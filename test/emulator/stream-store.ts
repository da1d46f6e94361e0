import { createHash, randomBytes } from 'node:crypto';
import { OciHttpError } from './http-util';
import { TokenBucket } from './rate-limit';
import type { StoredMessage } from './types';

export interface StreamSettings {
  partitions: number;
  partitionBytesPerSecond: number | null;
}

interface Partition {
  messages: StoredMessage[];
  /** Messages before this index were handed over by take() and no longer hold their values. */
  taken: number;
  bucket: TokenBucket | undefined;
}

interface Stream {
  id: string;
  name: string;
  partitions: Partition[];
  roundRobin: number;
}

export interface NewMessage {
  key: Buffer | null;
  value: Buffer;
}

export type PutOutcome =
  | { partition: number; offset: number; timestamp: Date }
  | { error: string; errorMessage: string };

export type CursorType = 'TRIM_HORIZON' | 'LATEST' | 'AT_OFFSET' | 'AFTER_OFFSET' | 'AT_TIME';

interface CursorState {
  s: string;
  p: number;
  o: number;
  x: number;
}

const CURSOR_LIFETIME_MS = 5 * 60 * 1000;

export class StreamStore {
  private readonly streams = new Map<string, Stream>();

  constructor(private readonly settings: StreamSettings) {}

  create(name?: string, id?: string): string {
    const streamId = id ?? `ocid1.stream.oc1.iad.amaaaaaa${randomBytes(26).toString('hex').slice(0, 52)}`;
    if (this.streams.has(streamId)) throw new Error(`stream ${streamId} already exists`);
    const partitions = Array.from({ length: this.settings.partitions }, (): Partition => ({
      messages: [],
      taken: 0,
      bucket: this.settings.partitionBytesPerSecond === null ? undefined : new TokenBucket(this.settings.partitionBytesPerSecond),
    }));
    this.streams.set(streamId, { id: streamId, name: name ?? `stream-${this.streams.size + 1}`, partitions, roundRobin: 0 });
    return streamId;
  }

  get(streamId: string): Stream {
    const stream = this.streams.get(streamId);
    if (!stream) throw new OciHttpError(404, 'NotAuthorizedOrNotFound', `Stream ${streamId} does not exist or you are not authorized to use it`);
    return stream;
  }

  messages(streamId: string): StoredMessage[] {
    return this.get(streamId).partitions.flatMap((p) => p.messages.map((m) => ({ ...m })));
  }

  /**
   * Hands over the messages stored since the last take and drops the values it keeps (offsets
   * stay): for runs too long to hold every message, whose caller checks them as they come.
   */
  take(streamId: string): StoredMessage[] {
    return this.get(streamId).partitions.flatMap((partition) => {
      const fresh = partition.messages.slice(partition.taken);
      for (let i = partition.taken; i < partition.messages.length; i++) partition.messages[i] = { ...partition.messages[i]!, value: Buffer.alloc(0) };
      partition.taken = partition.messages.length;
      return fresh;
    });
  }

  /**
   * Appends entries in request order. Once a partition throttles an entry, later entries for it in
   * the same request are throttled too, so a producer that retries failures keeps per-key order.
   */
  put(streamId: string, entries: NewMessage[], injected: Map<number, { error: string; errorMessage: string }>): PutOutcome[] {
    const stream = this.get(streamId);
    const throttled = new Map<number, number>();
    return entries.map((entry, index): PutOutcome => {
      const failure = injected.get(index);
      if (failure) return failure;
      const partitionIndex = this.partitionFor(stream, entry.key);
      const partition = stream.partitions[partitionIndex] as Partition;
      const size = entry.value.length + (entry.key?.length ?? 0);
      let retryAfterMs = throttled.get(partitionIndex);
      if (retryAfterMs === undefined && partition.bucket) {
        const taken = partition.bucket.take(size);
        if (!taken.ok) retryAfterMs = taken.retryAfterMs;
      }
      if (retryAfterMs !== undefined) {
        throttled.set(partitionIndex, retryAfterMs);
        // The wording the service uses (oracle/oci-go-sdk#479).
        return { error: '429', errorMessage: `Request was throttled because bytes limit exhausted, next request can be made in ${retryAfterMs} ms` };
      }
      const message: StoredMessage = { partition: partitionIndex, offset: partition.messages.length, key: entry.key, value: entry.value, timestamp: new Date() };
      partition.messages.push(message);
      return { partition: message.partition, offset: message.offset, timestamp: message.timestamp };
    });
  }

  private partitionFor(stream: Stream, key: Buffer | null): number {
    const count = stream.partitions.length;
    if (key === null) return stream.roundRobin++ % count;
    return createHash('sha256').update(key).digest().readUInt32BE(0) % count;
  }

  createCursor(streamId: string, partition: number, type: CursorType, offset?: number, time?: Date): string {
    const stream = this.get(streamId);
    const messages = stream.partitions[partition]?.messages;
    if (!messages) throw new OciHttpError(400, 'InvalidParameter', `partition must be between 0 and ${stream.partitions.length - 1}`);
    const next = {
      TRIM_HORIZON: () => 0,
      LATEST: () => messages.length,
      AT_OFFSET: () => offset ?? 0,
      AFTER_OFFSET: () => (offset ?? -1) + 1,
      AT_TIME: () => {
        const at = messages.findIndex((m) => m.timestamp.getTime() >= (time?.getTime() ?? 0));
        return at === -1 ? messages.length : at;
      },
    }[type]();
    return encodeCursor({ s: streamId, p: partition, o: next, x: Date.now() + CURSOR_LIFETIME_MS });
  }

  read(streamId: string, cursor: string, limit: number): { stream: string; messages: StoredMessage[]; nextCursor: string } {
    const stream = this.get(streamId);
    const state = decodeCursor(cursor);
    if (state.s !== streamId) throw new OciHttpError(400, 'InvalidParameter', 'The cursor belongs to another stream');
    if (state.x < Date.now()) throw new OciHttpError(400, 'InvalidParameter', 'The cursor has expired; create a new one');
    const messages = (stream.partitions[state.p]?.messages ?? []).slice(state.o, state.o + limit);
    const nextOffset = state.o + messages.length;
    return { stream: stream.name, messages, nextCursor: encodeCursor({ ...state, o: nextOffset, x: Date.now() + CURSOR_LIFETIME_MS }) };
  }
}

// base64url because the SDK puts the cursor into the query string without encoding it.
function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeCursor(cursor: string): CursorState {
  try {
    const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorState>;
    if (typeof state.s === 'string' && typeof state.p === 'number' && typeof state.o === 'number' && typeof state.x === 'number') {
      return state as CursorState;
    }
  } catch {
    // fall through to the common error
  }
  throw new OciHttpError(400, 'InvalidParameter', 'The cursor is not valid');
}

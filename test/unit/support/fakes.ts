import { parseEvent, type ParsedEvent } from '../../../src/event/parse';
import type { ObjectDescription } from '../../../src/message/envelope';
import type {
  Clock,
  LogFields,
  Logger,
  MessageSink,
  ObjectMetadata,
  OpenedObject,
  PutOutcome,
  StreamMessage,
} from '../../../src/ports';
import { Deadline } from '../../../src/retry/deadline';
import { DEFAULT_BACKOFF, type BackoffPolicy, type RetryContext } from '../../../src/retry/retry';
import { eventFor, loadEvent, type EventFixture, type EventTarget } from '../../support/events';

/** Plain fakes of the ports in src/ports.ts, shared by the unit tests. */

/** Time only moves when the code sleeps or a test advances it, so timing is exact. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(public time = 1_700_000_000_000) {}

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new Error(`sleep(${ms}) called with a negative or non-number delay`);
    this.sleeps.push(ms);
    this.time += ms;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: LogFields;
}

export class RecordingLogger implements Logger {
  readonly lines: LogLine[] = [];

  debug(message: string, fields: LogFields = {}): void {
    this.lines.push({ level: 'debug', message, fields });
  }
  info(message: string, fields: LogFields = {}): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields: LogFields = {}): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields: LogFields = {}): void {
    this.lines.push({ level: 'error', message, fields });
  }

  /** Everything logged, serialized as a JSON logger would write it. */
  text(): string {
    return this.lines.map((line) => JSON.stringify({ level: line.level, message: line.message, ...line.fields })).join('\n');
  }

  named(message: string): LogLine[] {
    return this.lines.filter((line) => line.message === message);
  }
}

/** A small deterministic PRNG (mulberry32), so "random" test inputs are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Deterministic pseudo-random bytes. */
export function bytesOf(size: number, seed = 1): Buffer {
  const random = seededRandom(seed);
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

export interface FakeOpenedObject extends OpenedObject {
  /** How many times discard() was called. */
  discards: number;
}

export interface OpenedOptions {
  /** Piece sizes the body is cut into, cycled; an entry of 0 yields an empty piece. */
  pieces?: readonly number[];
  /** After this many bytes the body throws `error` instead of going on. */
  failAfter?: number;
  error?: unknown;
  metadata?: Partial<ObjectMetadata>;
}

/** An OpenedObject whose body serves `bytes` in the given piece sizes, optionally failing part-way. */
export function openedObject(bytes: Uint8Array, options: OpenedOptions = {}): FakeOpenedObject {
  const pieces = options.pieces ?? [bytes.byteLength || 1];
  if (!pieces.some((size) => size > 0)) throw new Error('openedObject needs at least one non-empty piece size');
  const end = options.failAfter === undefined ? bytes.byteLength : Math.min(options.failAfter, bytes.byteLength);
  async function* body(): AsyncGenerator<Uint8Array> {
    let offset = 0;
    for (let i = 0; offset < end; i++) {
      const next = Math.min(offset + pieces[i % pieces.length]!, end);
      // A copy, as a network read hands out fresh buffers.
      yield Uint8Array.from(bytes.subarray(offset, next));
      offset = next;
    }
    if (options.failAfter !== undefined) throw options.error;
  }
  const opened: FakeOpenedObject = {
    metadata: { size: bytes.byteLength, contentType: null, eTag: null, versionId: null, ...options.metadata },
    body: body(),
    discards: 0,
    async discard() {
      opened.discards += 1;
    },
  };
  return opened;
}

export type SinkScript = (message: StreamMessage, call: number) => PutOutcome | Promise<PutOutcome>;

/** A MessageSink that records every request and answers as the script says (accepts by default). */
export class FakeSink implements MessageSink {
  readonly requests: Array<{ messages: readonly StreamMessage[]; timeoutMs: number }> = [];
  /** Messages the sink accepted, in order. */
  readonly accepted: StreamMessage[] = [];

  constructor(private readonly script: SinkScript = () => ({ accepted: true, partition: '0', offset: -1 })) {}

  async put(messages: readonly StreamMessage[], options: { timeoutMs: number }): Promise<PutOutcome[]> {
    this.requests.push({ messages, timeoutMs: options.timeoutMs });
    const outcomes: PutOutcome[] = [];
    for (const message of messages) {
      const outcome = await this.script(message, this.requests.length);
      if (outcome.accepted) {
        outcomes.push({ ...outcome, offset: outcome.offset >= 0 ? outcome.offset : this.accepted.length });
        this.accepted.push(message);
      } else {
        outcomes.push(outcome);
      }
    }
    return outcomes;
  }
}

export function retryContext(
  clock: FakeClock,
  remainingMs: number,
  options: { random?: () => number; policy?: BackoffPolicy; onRetry?: RetryContext['onRetry'] } = {},
): RetryContext {
  return {
    clock,
    deadline: new Deadline(clock, clock.now() + remainingMs, 0),
    random: options.random ?? seededRandom(7),
    policy: options.policy ?? DEFAULT_BACKOFF,
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  };
}

/** A sample event, optionally re-aimed at another object, parsed as the handler would. */
export function parsedFixture(fixture: EventFixture, target?: EventTarget): ParsedEvent {
  return parseEvent(JSON.stringify(target ? eventFor(fixture, target) : loadEvent(fixture)));
}

/** data.object for a parsed event and the object's actual metadata. */
export function describeObject(parsed: ParsedEvent, metadata: Partial<ObjectDescription> = {}): ObjectDescription {
  const details = parsed.event.data.additionalDetails;
  return {
    namespace: details.namespace,
    bucket: details.bucketName,
    name: parsed.event.data.resourceName,
    size: null,
    contentType: null,
    eTag: details.eTag ?? null,
    versionId: details.versionId ?? null,
    sha256: null,
    ...metadata,
  };
}

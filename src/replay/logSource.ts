import { z } from 'zod';
import { LOG_LEVELS } from '../config/schema';
import { OBJECT_EVENT_TYPES } from '../event/schema';
import { forEachConcurrently } from './pool';
import type { ObjectListing, ReplayItem } from './ports';
import { replayCreateEvent, replayDeleteEvent, replayEventId } from './replayEvent';

/** Any line the function's JSON logger wrote. */
const FunctionLogLineSchema = z.looseObject({ time: z.string(), level: z.enum(LOG_LEVELS), message: z.string() });

/** A line of the function's about one object event it could parse (so it names the object). */
const ObjectEventLineSchema = z.looseObject({
  time: z.iso.datetime({ offset: true }),
  eventId: z.string(),
  eventType: z.enum(OBJECT_EVENT_TYPES),
  object: z.string().regex(/^[^/]+\/[^/]+\/.+$/s),
  /** The event's ETag (absent from lines the function wrote before it logged one). */
  eTag: z.string().optional(),
});

const FailedEventLineSchema = ObjectEventLineSchema.extend({ message: z.literal('event failed') });

/** What a chunked delivery that gave way on a busy partition logs (src/delivery/outcome.ts). */
const SteppedAsideSchema = z.looseObject({
  chunksPublished: z.int().nonnegative(),
  chunkCount: z.int().positive(),
  observedBytesPerSecond: z.number().nonnegative().nullable(),
  neededMs: z.number(),
  leftMs: z.number(),
});

/** The function's `event handled` line: with `steppedAside`, the content did not reach the stream. */
const HandledEventLineSchema = ObjectEventLineSchema.extend({
  message: z.literal('event handled'),
  outcome: z.enum(['published', 'skipped']),
  steppedAside: SteppedAsideSchema.optional(),
});

const ObjectOutcomeLineSchema = z.discriminatedUnion('message', [FailedEventLineSchema, HandledEventLineSchema]);

/** Why the log says an object's content is not on the stream. */
export type RedriveCause = 'failed' | 'stepped aside';

export interface ObjectToRedrive {
  namespace: string;
  bucket: string;
  name: string;
  eventType: (typeof OBJECT_EVENT_TYPES)[number];
  eventId: string;
  time: string;
  cause: RedriveCause;
  /** The ETag of the event that failed or stepped aside, when the line has one. */
  eTag?: string;
  /** ETags of the object published by later events (other versions): the object as it is now may be one of them. */
  publishedLater: string[];
}

export interface LogReading {
  /** One per object whose latest line is a failure or a step aside, in the order of those lines' times. */
  toRedrive: ObjectToRedrive[];
  /** Objects that failed or stepped aside, then were published by a later event: not sent again. */
  deliveredLater: number;
  /** Lines the function did not write (other programs, blank lines, export headers). */
  foreignLines: number;
  /** `event failed` lines for bodies that were not object events: there is no object to replay. */
  failuresWithoutObject: number;
  /** `event handled` lines with a `steppedAside` this version cannot read: skipped, and said. */
  unreadableStepAsides: number;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The function's own log entry in a line: the line itself, or, in an OCI Logging export, the
 * function's line carried as text in `logContent.data.message` (or `data.message`).
 */
export function functionLogEntry(line: string): Record<string, unknown> | undefined {
  const json = parseJson(line);
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as Record<string, unknown>;
  for (const candidate of [record, field(field(record, 'logContent'), 'data'), field(record, 'data')]) {
    if (FunctionLogLineSchema.safeParse(candidate).success) return candidate as Record<string, unknown>;
    const message = field(candidate, 'message');
    const carried = typeof message === 'string' ? parseJson(message) : undefined;
    if (FunctionLogLineSchema.safeParse(carried).success) return carried as Record<string, unknown>;
  }
  return undefined;
}

type ObjectOutcomeLine = z.infer<typeof ObjectOutcomeLineSchema>;

/** The same object and version: by name and ETag, or by name alone for lines that carry no ETag. */
function sameVersion(pending: ObjectToRedrive, eTag: string | undefined): boolean {
  return pending.eTag === undefined || eTag === undefined || pending.eTag === eTag;
}

/**
 * The objects to re-drive, by the function's own log: those whose latest line is `event failed`
 * or `event handled` with `steppedAside`. A later `event handled` line that published the same
 * version (name and ETag) means it is done; one that published another version does not (in a
 * versioned bucket an older version's event can arrive last), but is noted, so that the object is
 * not sent again if that version is what it is now. A skip does not count (the function skips an
 * event a later one covers). "Later" is by each line's time, not its place in the file: an export
 * may list the newest first, or one container after another.
 */
export function readFunctionLog(lines: readonly string[]): LogReading {
  const objectLines: ObjectOutcomeLine[] = [];
  let foreignLines = 0;
  let failuresWithoutObject = 0;
  let unreadableStepAsides = 0;
  for (const line of lines) {
    const entry = functionLogEntry(line);
    if (!entry) {
      foreignLines += 1;
      continue;
    }
    if (entry['message'] !== 'event failed' && entry['message'] !== 'event handled') continue;
    const parsed = ObjectOutcomeLineSchema.safeParse(entry);
    if (parsed.success) objectLines.push(parsed.data);
    else if (entry['message'] === 'event failed') failuresWithoutObject += 1;
    else if (entry['steppedAside'] !== undefined) unreadableStepAsides += 1;
  }
  // A stable sort: lines of the same instant keep their order in the file.
  objectLines.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));

  const pending = new Map<string, ObjectToRedrive>();
  const delivered = new Set<string>();
  for (const line of objectLines) {
    const { object, eventId, eventType, time, eTag } = line;
    const cause: RedriveCause | undefined = line.message === 'event failed' ? 'failed' : line.steppedAside ? 'stepped aside' : undefined;
    if (cause) {
      const [namespace, bucket] = object.split('/', 2) as [string, string];
      const name = object.slice(namespace.length + bucket.length + 2);
      pending.delete(object);
      pending.set(object, { namespace, bucket, name, eventId, eventType, time, cause, ...(eTag === undefined ? {} : { eTag }), publishedLater: [] });
      delivered.delete(object);
      continue;
    }
    const waiting = pending.get(object);
    if (line.outcome !== 'published' || waiting === undefined) continue;
    if (sameVersion(waiting, eTag)) {
      pending.delete(object);
      delivered.add(object);
    } else if (eTag !== undefined) {
      waiting.publishedLater.push(eTag);
    }
  }
  return { toRedrive: [...pending.values()], deliveredLater: delivered.size, foreignLines, failuresWithoutObject, unreadableStepAsides };
}

/**
 * What to send for each object to re-drive: a failed delete is sent again; anything else is sent as
 * the object is now (its current ETag, found by listing), or skipped when it no longer exists.
 * Looked up `concurrency` at a time, in the log's order; an interrupt or a refusal starts no more.
 */
export async function logItems(listing: ObjectListing, toRedrive: readonly ObjectToRedrive[], concurrency: number, signal?: AbortSignal): Promise<ReplayItem[]> {
  const items: ReplayItem[] = [];
  const numbered = toRedrive.map((entry, index) => ({ entry, index }));
  const lookUp = async ({ entry, index }: (typeof numbered)[number]) => {
    items[index] = await itemToRedrive(listing, entry);
  };
  await forEachConcurrently(numbered, concurrency, lookUp, signal);
  return items.filter((item) => item !== undefined);
}

async function itemToRedrive(listing: ObjectListing, entry: ObjectToRedrive): Promise<ReplayItem> {
  const where = { namespace: entry.namespace, bucket: entry.bucket };
  const object = `${entry.namespace}/${entry.bucket}/${entry.name}`;
  if (entry.eventType === 'com.oraclecloud.objectstorage.deleteobject') {
    const event = replayDeleteEvent(where, entry.name, entry.eventId, entry.time);
    return { id: String(event['eventID']), object, size: null, event };
  }
  // The object's own name is the first name listed with itself as the prefix.
  const page = await listing.list(entry.namespace, entry.bucket, { prefix: entry.name, limit: 1 });
  const current = page.objects[0];
  if (current?.name !== entry.name) {
    return {
      // Only the state file's key: nothing is sent for an object that is gone.
      id: replayEventId(where, entry.name, `gone after ${entry.eventId}`),
      object,
      size: null,
      skipReason: 'The object no longer exists; its delete event covers it.',
    };
  }
  if (entry.publishedLater.includes(current.eTag)) {
    return {
      id: replayEventId(where, current.name, current.eTag),
      object,
      size: current.size,
      skipReason: `The object as it is now (ETag ${current.eTag}) was published by a later event.`,
    };
  }
  return { id: replayEventId(where, current.name, current.eTag), object, size: current.size, event: replayCreateEvent(where, current) };
}

/** What the log named, printed before a dry run's listing or a run's progress. */
export function logReadingLine(reading: LogReading): string {
  const count = (cause: RedriveCause) => reading.toRedrive.filter((entry) => entry.cause === cause).length;
  const unreadable = reading.unreadableStepAsides > 0 ? `; ${reading.unreadableStepAsides} "event handled" line(s) with a steppedAside that could not be read, skipped` : '';
  return (
    `The log names ${reading.toRedrive.length} object(s) to re-drive: ${count('failed')} whose event failed, ${count('stepped aside')} that stepped aside` +
    ` (${reading.deliveredLater} published by a later event, not sent again; ${reading.foreignLines} line(s) not the function's skipped;` +
    ` ${reading.failuresWithoutObject} failure(s) of bodies that were not object events, with no object to replay${unreadable}).`
  );
}

import { z } from 'zod';
import { LOG_LEVELS } from '../config/schema';
import { OBJECT_EVENT_TYPES } from '../event/schema';
import { mapWithConcurrency } from './pool';
import type { ObjectListing, ReplayItem } from './ports';
import { replayCreateEvent, replayDeleteEvent, replayEventId } from './replayEvent';

/** Any line the function's JSON logger wrote. */
const FunctionLogLineSchema = z.looseObject({ time: z.string(), level: z.enum(LOG_LEVELS), message: z.string() });

/** The function's `event failed` line for an event it could parse (so it names the object). */
const FailedEventLineSchema = z.looseObject({
  time: z.iso.datetime({ offset: true }),
  message: z.literal('event failed'),
  eventId: z.string(),
  eventType: z.enum(OBJECT_EVENT_TYPES),
  object: z.string().regex(/^[^/]+\/[^/]+\/.+$/s),
});

export interface FailedObject {
  namespace: string;
  bucket: string;
  name: string;
  eventType: (typeof OBJECT_EVENT_TYPES)[number];
  eventId: string;
  time: string;
}

export interface LogReading {
  /** One per object, the latest failure of each, in the order first seen. */
  failed: FailedObject[];
  /** Lines the function did not write (other programs, blank lines, export headers). */
  foreignLines: number;
  /** `event failed` lines for bodies that were not object events: there is no object to replay. */
  failuresWithoutObject: number;
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

/** The objects whose events failed, by the function's own log. */
export function readFunctionLog(lines: readonly string[]): LogReading {
  const failed = new Map<string, FailedObject>();
  let foreignLines = 0;
  let failuresWithoutObject = 0;
  for (const line of lines) {
    const entry = functionLogEntry(line);
    if (!entry) {
      foreignLines += 1;
      continue;
    }
    if (entry['message'] !== 'event failed') continue;
    const parsed = FailedEventLineSchema.safeParse(entry);
    if (!parsed.success) {
      failuresWithoutObject += 1;
      continue;
    }
    const { object, eventId, eventType, time } = parsed.data;
    const [namespace, bucket] = object.split('/', 2) as [string, string];
    const name = object.slice(namespace.length + bucket.length + 2);
    failed.delete(object);
    failed.set(object, { namespace, bucket, name, eventId, eventType, time });
  }
  return { failed: [...failed.values()], foreignLines, failuresWithoutObject };
}

/**
 * What to send for each failed object: a failed delete is sent again; anything else is sent as
 * the object is now (its current ETag, found by listing), or skipped when it no longer exists.
 */
export function logItems(listing: ObjectListing, failed: readonly FailedObject[], concurrency: number): Promise<ReplayItem[]> {
  return mapWithConcurrency(failed, concurrency, async (entry): Promise<ReplayItem> => {
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
    return { id: replayEventId(where, current.name, current.eTag), object, size: current.size, event: replayCreateEvent(where, current) };
  });
}

import { InvalidEventError } from '../errors';
import { describeIssues } from '../validation/issues';
import { ObjectEventSchema, type ObjectEvent } from './schema';

/** The invoke body limit of OCI Functions; anything larger is not an event from OCI Events. */
export const MAX_EVENT_BYTES = 6 * 1024 * 1024;

export interface ParsedEvent {
  /** Validated view of the fields the function uses. */
  event: ObjectEvent;
  /** The event exactly as received (parsed JSON), forwarded to consumers untouched. */
  raw: Record<string, unknown>;
}

const EXPECTED = 'Expected an OCI Object Storage object event (CloudEvents 0.1 JSON from OCI Events)';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decodeBody(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input instanceof Uint8Array) {
    if (input.byteLength > MAX_EVENT_BYTES) {
      throw new InvalidEventError(`${EXPECTED}; the body is ${input.byteLength} bytes, over the ${MAX_EVENT_BYTES}-byte invoke limit.`);
    }
    try {
      return strictUtf8.decode(input);
    } catch {
      throw new InvalidEventError(`${EXPECTED}; the body is not valid UTF-8.`);
    }
  }
  throw new InvalidEventError(`${EXPECTED}; the body is missing.`);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') throw new InvalidEventError(`${EXPECTED}; the body is empty.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidEventError(`${EXPECTED}; the body is not JSON.`);
  }
}

/** Another service's event is a routing mistake (an Events rule too wide), not a malformed event. */
function foreignEventType(body: Record<string, unknown>): string | undefined {
  const type = body['eventType'];
  return typeof type === 'string' && !type.startsWith('com.oraclecloud.objectstorage.') ? type : undefined;
}

/** Bytes (or text) in, a validated object event out, or an InvalidEventError naming what is wrong. */
export function parseEvent(input: unknown): ParsedEvent {
  const text = decodeBody(input);
  if (Buffer.byteLength(text, 'utf8') > MAX_EVENT_BYTES) {
    throw new InvalidEventError(`${EXPECTED}; the body is over the ${MAX_EVENT_BYTES}-byte invoke limit.`);
  }
  const json = parseJson(text);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidEventError(`${EXPECTED}; the body is JSON but not an object.`);
  }
  const raw = json as Record<string, unknown>;
  const foreign = foreignEventType(raw);
  if (foreign !== undefined) {
    throw new InvalidEventError(
      `${EXPECTED}; got eventType ${JSON.stringify(foreign.slice(0, 120))}. Check that the Events rule matches only Object Storage object events.`,
    );
  }
  const parsed = ObjectEventSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error.issues).slice(0, 10);
    throw new InvalidEventError(`${EXPECTED}: ${problems.join('; ')}.`, problems);
  }
  if (nestedDeeperThan(raw, MAX_EVENT_DEPTH)) {
    throw new InvalidEventError(`${EXPECTED}; the body nests values more than ${MAX_EVENT_DEPTH} levels deep.`);
  }
  return { event: parsed.data, raw };
}

/**
 * Real events nest a few levels. JSON.parse accepts any depth, but the event is forwarded with
 * JSON.stringify, which recurses and overflows the stack a few thousand levels down.
 */
const MAX_EVENT_DEPTH = 100;

/** Walks without recursion, so the check itself cannot overflow the stack. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth > limit) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

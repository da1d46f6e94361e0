import type { ServerResponse } from 'node:http';
import { OciHttpError, parseJsonBody, sendJson } from './http-util';
import type { CursorType, NewMessage, StreamStore } from './stream-store';
import type { Fault } from './types';

export interface MessageLimits {
  maxRequestBytes: number;
  maxMessageBytes: number;
}

const MAX_KEY_BYTES = 256;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(value: unknown, field: string): Buffer {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value)) {
    throw new OciHttpError(400, 'InvalidParameter', `${field} must be a base64 string`);
  }
  return Buffer.from(value, 'base64');
}

/** Decodes and checks the whole request first: the service rejects it whole, before any entry is written. */
function parseMessages(body: Buffer, limits: MessageLimits): NewMessage[] {
  const { messages } = parseJsonBody(body);
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new OciHttpError(400, 'InvalidParameter', 'messages must be a non-empty array');
  }
  let total = 0;
  const decoded = messages.map((entry: unknown, i): NewMessage => {
    const { key, value } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const keyBytes = key === undefined || key === null ? null : decodeBase64(key, `messages[${i}].key`);
    const valueBytes = decodeBase64(value, `messages[${i}].value`);
    if (keyBytes && keyBytes.length > MAX_KEY_BYTES) {
      throw new OciHttpError(400, 'InvalidParameter', `messages[${i}].key is ${keyBytes.length} bytes; the limit is ${MAX_KEY_BYTES} bytes`);
    }
    if (valueBytes.length > limits.maxMessageBytes) {
      throw new OciHttpError(400, 'InvalidParameter', `messages[${i}].value is ${valueBytes.length} bytes; the limit is ${limits.maxMessageBytes} bytes per message`);
    }
    total += valueBytes.length + (keyBytes?.length ?? 0);
    return { key: keyBytes, value: valueBytes };
  });
  if (total > limits.maxRequestBytes) {
    throw new OciHttpError(400, 'InvalidParameter', `The request carries ${total} bytes of keys and values; the limit is ${limits.maxRequestBytes} bytes per request`);
  }
  return decoded;
}

/** Whether a fault limited to some message values (`whenValueIncludes`) applies to this request body. */
export function faultApplies(fault: Fault, body: Buffer): boolean {
  const wanted = fault.whenValueIncludes;
  if (wanted === undefined) return true;
  try {
    const { messages } = parseJsonBody(body);
    return Array.isArray(messages) && messages.some((entry: unknown) => {
      const value = (entry as { value?: unknown } | null)?.value;
      return typeof value === 'string' && Buffer.from(value, 'base64').toString('utf8').includes(wanted);
    });
  } catch {
    return false;
  }
}

export function putMessages(streams: StreamStore, streamId: string, res: ServerResponse, body: Buffer, limits: MessageLimits, fault?: Fault): void {
  streams.get(streamId);
  const entries = parseMessages(body, limits);
  const injected = new Map<number, { error: string; errorMessage: string }>();
  entries.forEach((_, i) => {
    if (fault?.failAllEntries) injected.set(i, fault.failAllEntries);
  });
  for (const failure of fault?.entryFailures ?? []) {
    injected.set(failure.index, { error: failure.error, errorMessage: failure.errorMessage });
  }
  const outcomes = streams.put(streamId, entries, injected).map((outcome) =>
    'error' in outcome
      ? outcome
      : { partition: String(outcome.partition), offset: outcome.offset, timestamp: outcome.timestamp.toISOString() },
  );
  sendJson(res, 200, { failures: outcomes.filter((o) => 'error' in o).length, entries: outcomes });
}

const CURSOR_TYPES = new Set<string>(['TRIM_HORIZON', 'LATEST', 'AT_OFFSET', 'AFTER_OFFSET', 'AT_TIME']);

export function createCursor(streams: StreamStore, streamId: string, res: ServerResponse, body: Buffer): void {
  streams.get(streamId);
  const { partition, type, offset, time } = parseJsonBody(body);
  const partitionText = typeof partition === 'number' ? String(partition) : partition;
  if (typeof partitionText !== 'string' || !/^\d+$/.test(partitionText)) {
    throw new OciHttpError(400, 'InvalidParameter', 'partition must be a partition number as a string');
  }
  if (typeof type !== 'string' || !CURSOR_TYPES.has(type)) {
    throw new OciHttpError(400, 'InvalidParameter', `type must be one of ${[...CURSOR_TYPES].join(', ')}`);
  }
  if ((type === 'AT_OFFSET' || type === 'AFTER_OFFSET') && (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0)) {
    throw new OciHttpError(400, 'InvalidParameter', `offset is required for ${type}`);
  }
  const at = typeof time === 'string' ? new Date(time) : undefined;
  if (type === 'AT_TIME' && (!at || Number.isNaN(at.getTime()))) {
    throw new OciHttpError(400, 'InvalidParameter', 'time is required for AT_TIME');
  }
  const value = streams.createCursor(streamId, Number(partitionText), type as CursorType, offset as number | undefined, at);
  sendJson(res, 200, { value });
}

export function getMessages(streams: StreamStore, streamId: string, res: ServerResponse, query: URLSearchParams): void {
  streams.get(streamId);
  const cursor = query.get('cursor');
  if (!cursor) throw new OciHttpError(400, 'MissingParameter', 'cursor is required');
  const limitText = query.get('limit') ?? '10000';
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10000) {
    throw new OciHttpError(400, 'InvalidParameter', 'limit must be an integer from 1 to 10000');
  }
  const page = streams.read(streamId, cursor, limit);
  const body = page.messages.map((m) => ({
    stream: page.stream,
    partition: String(m.partition),
    key: m.key === null ? null : m.key.toString('base64'),
    value: m.value.toString('base64'),
    offset: m.offset,
    timestamp: m.timestamp.toISOString(),
  }));
  sendJson(res, 200, body, { 'opc-next-cursor': page.nextCursor });
}

import type { ServerResponse } from 'node:http';
import { OciHttpError, sendJson } from './http-util';
import type { ObjectStore } from './object-store';

/** The fields listObjects may be asked for; `name` is always there. */
const LISTABLE_FIELDS = new Set(['name', 'size', 'etag', 'md5', 'timeCreated', 'timeModified', 'storageTier', 'archivalState']);
const MAX_LIMIT = 1000;

function limitOf(query: URLSearchParams): number {
  const text = query.get('limit');
  if (text === null) return MAX_LIMIT;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new OciHttpError(400, 'InvalidParameter', `limit must be a whole number from 1 to ${MAX_LIMIT}, got '${text}'`);
  }
  return limit;
}

function fieldsOf(query: URLSearchParams): Set<string> {
  const asked = (query.get('fields') ?? 'name').split(',').map((field) => field.trim()).filter(Boolean);
  const unknown = asked.filter((field) => !LISTABLE_FIELDS.has(field));
  if (unknown.length > 0) throw new OciHttpError(400, 'InvalidParameter', `Unknown fields: ${unknown.join(', ')}`);
  return new Set(['name', ...asked]);
}

/** `GET /n/{ns}/b/{bucket}/o`: one page, with `nextStartWith` while more remain, as the service pages. */
export function listObjects(store: ObjectStore, namespace: string, bucket: string, res: ServerResponse, query: URLSearchParams, maxPage = MAX_LIMIT): void {
  const fields = fieldsOf(query);
  const page = store.list(namespace, bucket, {
    limit: Math.min(limitOf(query), maxPage),
    ...(query.get('prefix') === null ? {} : { prefix: query.get('prefix')! }),
    ...(query.get('start') === null ? {} : { start: query.get('start')! }),
  });
  const objects = page.objects.map(({ name, version }) => {
    const all: Record<string, unknown> = {
      name,
      size: version.body.length,
      etag: version.eTag,
      md5: version.md5,
      timeCreated: version.lastModified.toISOString(),
      timeModified: version.lastModified.toISOString(),
      storageTier: version.archivalState === 'Available' ? 'Standard' : 'Archive',
      // The service reports archivalState only for objects in the Archive tier.
      archivalState: version.archivalState === 'Available' ? undefined : version.archivalState,
    };
    return Object.fromEntries(Object.entries(all).filter(([field, value]) => fields.has(field) && value !== undefined));
  });
  sendJson(res, 200, { objects, prefixes: [], ...(page.nextStartWith === undefined ? {} : { nextStartWith: page.nextStartWith }) });
}

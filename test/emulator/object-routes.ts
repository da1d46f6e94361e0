import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerValue, OciHttpError, parseJsonBody, sendJson } from './http-util';
import type { ObjectAddress, ObjectStore, ObjectVersion } from './object-store';

export interface ObjectReadOptions {
  head: boolean;
  /** Fault: send the headers and this many body bytes, then drop the connection. */
  truncateBodyAfterBytes?: number;
  /** Fault: send the headers and this many body bytes, then nothing more, leaving the connection open. */
  stallBodyAfterBytes?: number;
}

/** The version a GET/HEAD reads, after the service's precondition and archive checks. */
export function selectVersion(store: ObjectStore, address: ObjectAddress, req: IncomingMessage, query: URLSearchParams, head: boolean): ObjectVersion {
  const version = store.get(address, query.get('versionId') ?? undefined);
  const ifMatch = headerValue(req, 'if-match');
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== version.eTag) {
    throw new OciHttpError(412, 'IfMatchFailed', `The if-match header '${ifMatch}' does not match the object's ETag`);
  }
  if (!head && (version.archivalState === 'Archived' || version.archivalState === 'Restoring')) {
    throw new OciHttpError(409, 'NotRestored', `The object '${address.name}' is archived and must be restored before it can be read`);
  }
  return version;
}

export function sendObject(req: IncomingMessage, res: ServerResponse, version: ObjectVersion, options: ObjectReadOptions): void {
  const headers: Record<string, string> = {
    'content-type': version.contentType,
    etag: version.eTag,
    'version-id': version.versionId,
    'last-modified': version.lastModified.toUTCString(),
    'content-md5': version.md5,
    'opc-content-md5': version.md5,
    'accept-ranges': 'bytes',
    'storage-tier': version.archivalState === 'Available' ? 'Standard' : 'Archive',
  };
  if (version.archivalState !== 'Available') headers['archival-state'] = version.archivalState;

  if (headerValue(req, 'if-none-match') === version.eTag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const range = parseRange(headerValue(req, 'range'), version.body.length);
  const body = range ? version.body.subarray(range.start, range.end + 1) : version.body;
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${version.body.length}`;
  headers['content-length'] = String(body.length);
  res.writeHead(range ? 206 : 200, headers);
  if (options.head) {
    res.end();
  } else if (options.stallBodyAfterBytes !== undefined) {
    res.write(body.subarray(0, options.stallBodyAfterBytes));
  } else if (options.truncateBodyAfterBytes !== undefined) {
    res.write(body.subarray(0, options.truncateBodyAfterBytes), () => res.socket?.destroy());
  } else {
    res.end(body);
  }
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n`; the SDK writes a missing end as `null`/`undefined`. */
function parseRange(value: string | undefined, size: number): { start: number; end: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^bytes=(\d+|null|undefined)?-(\d+|null|undefined)?$/.exec(value.trim());
  const num = (s: string | undefined): number | undefined => (s && /^\d+$/.test(s) ? Number(s) : undefined);
  const first = num(m?.[1]);
  const last = num(m?.[2]);
  if (!m || (first === undefined && last === undefined)) {
    throw new OciHttpError(400, 'InvalidRange', `The range header '${value}' is not of the form bytes=start-end`);
  }
  const start = first ?? Math.max(0, size - (last ?? 0));
  const end = first === undefined ? size - 1 : Math.min(last ?? size - 1, size - 1);
  if (start >= size || end < start) {
    throw new OciHttpError(416, 'InvalidRange', `The range '${value}' is not satisfiable for an object of ${size} bytes`);
  }
  return { start, end };
}

export function putObject(store: ObjectStore, address: ObjectAddress, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const ifMatch = headerValue(req, 'if-match');
  if (ifMatch !== undefined && ifMatch !== '*') {
    let current: ObjectVersion | undefined;
    try {
      current = store.get(address);
    } catch {
      current = undefined;
    }
    if (current?.eTag !== ifMatch) throw new OciHttpError(412, 'IfMatchFailed', `The if-match header '${ifMatch}' does not match the object's ETag`);
  }
  const contentType = headerValue(req, 'content-type');
  const version = store.put(address, body, contentType ? { contentType } : {});
  res.writeHead(200, {
    etag: version.eTag,
    'version-id': version.versionId,
    'opc-content-md5': version.md5,
    'last-modified': version.lastModified.toUTCString(),
    'content-length': '0',
  });
  res.end();
}

const ACCESS_TYPES = new Set(['ObjectRead', 'ObjectWrite', 'ObjectReadWrite', 'AnyObjectWrite', 'AnyObjectRead', 'AnyObjectReadWrite']);

export function createPar(store: ObjectStore, namespace: string, bucket: string, res: ServerResponse, body: Buffer, baseUrl: string): void {
  const details = parseJsonBody(body);
  const { name, accessType, objectName, timeExpires } = details;
  if (typeof name !== 'string' || name === '') throw new OciHttpError(400, 'InvalidParameter', 'name is required');
  if (typeof accessType !== 'string' || !ACCESS_TYPES.has(accessType)) {
    throw new OciHttpError(400, 'InvalidParameter', `accessType must be one of ${[...ACCESS_TYPES].join(', ')}`);
  }
  const objectScoped = !accessType.startsWith('Any');
  if (objectScoped && (typeof objectName !== 'string' || objectName === '')) {
    throw new OciHttpError(400, 'InvalidParameter', `objectName is required for accessType ${accessType}`);
  }
  const expires = typeof timeExpires === 'string' ? new Date(timeExpires) : new Date(NaN);
  if (Number.isNaN(expires.getTime()) || expires.getTime() <= Date.now()) {
    throw new OciHttpError(400, 'InvalidParameter', 'timeExpires must be an RFC 3339 time in the future');
  }
  const par = store.createPar({
    name,
    namespace,
    bucket,
    accessType,
    timeExpires: expires,
    ...(objectScoped ? { objectName: objectName as string } : {}),
  });
  const objectPath = par.objectName === undefined ? '' : par.objectName.split('/').map(encodeURIComponent).join('/');
  const accessUri = `/p/${par.token}/n/${encodeURIComponent(namespace)}/b/${encodeURIComponent(bucket)}/o/${objectPath}`;
  sendJson(res, 200, {
    id: par.id,
    name: par.name,
    accessUri,
    objectName: par.objectName,
    accessType: par.accessType,
    timeExpires,
    timeCreated: par.timeCreated.toISOString(),
    fullPath: `${baseUrl}${accessUri}`,
  });
}

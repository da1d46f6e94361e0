import { OciHttpError } from './http-util';
import type { ObjectAddress } from './object-store';
import type { RecordedOperation } from './types';

export type Route =
  | { kind: 'object'; address: ObjectAddress }
  | { kind: 'parCreate'; namespace: string; bucket: string }
  | { kind: 'parObject'; token: string; address: ObjectAddress }
  | { kind: 'streamMessages'; streamId: string }
  | { kind: 'streamCursors'; streamId: string }
  | { kind: 'namespace' }
  | { kind: 'objectList'; namespace: string; bucket: string }
  | { kind: 'function'; functionId: string }
  | { kind: 'functionInvoke'; functionId: string }
  | { kind: 'none' };

export interface RoutedRequest {
  operation: RecordedOperation;
  route: Route;
  /** Path without the query string, still percent-encoded as received. */
  path: string;
  query: URLSearchParams;
}

const OBJECT = /^\/n\/([^/]+)\/b\/([^/]+)\/o\/(.+)$/s;
const PAR_OBJECT = /^\/p\/([^/]+)\/n\/([^/]+)\/b\/([^/]+)\/o\/(.+)$/s;
const PAR_CREATE = /^\/n\/([^/]+)\/b\/([^/]+)\/p\/?$/;
const OBJECT_OPERATIONS: Record<string, RecordedOperation> = { GET: 'getObject', HEAD: 'headObject', PUT: 'putObject' };
const STREAM = /^\/20180418\/streams\/([^/]+)\/(messages|cursors)$/;
const NAMESPACE = /^\/n\/?$/;
const OBJECT_LIST = /^\/n\/([^/]+)\/b\/([^/]+)\/o\/?$/;
const FUNCTION = /^\/20181201\/functions\/([^/]+)(\/actions\/invoke)?$/;

/**
 * Matches the raw request target. Each path parameter is percent-decoded on its own, after
 * splitting, so an object name may carry `%2F` or plain `/` and decodes to the same name.
 */
export function routeRequest(method: string, rawUrl: string): RoutedRequest {
  const queryStart = rawUrl.indexOf('?');
  const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const query = new URLSearchParams(queryStart === -1 ? '' : rawUrl.slice(queryStart + 1));
  const routed = (operation: RecordedOperation, route: Route): RoutedRequest => ({ operation, route, path, query });

  let m = PAR_OBJECT.exec(path);
  if (m) {
    const [token, namespace, bucket, name] = decodeAll(m.slice(1));
    const route: Route = { kind: 'parObject', token, address: { namespace, bucket, name } };
    if (method === 'GET') return routed('parGetObject', route);
    if (method === 'HEAD') return routed('parHeadObject', route);
    return routed('unknown', route);
  }
  m = OBJECT.exec(path);
  if (m) {
    const [namespace, bucket, name] = decodeAll(m.slice(1));
    const route: Route = { kind: 'object', address: { namespace, bucket, name } };
    return routed(OBJECT_OPERATIONS[method] ?? 'unknown', route);
  }
  m = PAR_CREATE.exec(path);
  if (m) {
    const [namespace, bucket] = decodeAll(m.slice(1));
    return routed(method === 'POST' ? 'createPar' : 'unknown', { kind: 'parCreate', namespace, bucket });
  }
  m = STREAM.exec(path);
  if (m) {
    const [streamId] = decodeAll(m.slice(1, 2));
    if (m[2] === 'cursors') return routed(method === 'POST' ? 'createCursor' : 'unknown', { kind: 'streamCursors', streamId });
    const operation = method === 'POST' ? 'putMessages' : method === 'GET' ? 'getMessages' : 'unknown';
    return routed(operation, { kind: 'streamMessages', streamId });
  }
  if (NAMESPACE.test(path)) return routed(method === 'GET' ? 'getNamespace' : 'unknown', { kind: 'namespace' });
  m = OBJECT_LIST.exec(path);
  if (m) {
    const [namespace, bucket] = decodeAll(m.slice(1));
    return routed(method === 'GET' ? 'listObjects' : 'unknown', { kind: 'objectList', namespace, bucket });
  }
  m = FUNCTION.exec(path);
  if (m) {
    const [functionId] = decodeAll(m.slice(1, 2));
    if (m[2]) return routed(method === 'POST' ? 'invokeFunction' : 'unknown', { kind: 'functionInvoke', functionId });
    return routed(method === 'GET' ? 'getFunction' : 'unknown', { kind: 'function', functionId });
  }
  return routed('unknown', { kind: 'none' });
}

/** Always returns as many strings as given: indexing the result needs no undefined checks. */
function decodeAll(parts: Array<string | undefined>): [string, string, string, string] {
  const decoded = parts.map((part) => {
    try {
      return decodeURIComponent(part ?? '');
    } catch {
      throw new OciHttpError(400, 'InvalidParameter', `The path segment '${part ?? ''}' is not valid percent-encoding`);
    }
  });
  return [decoded[0] ?? '', decoded[1] ?? '', decoded[2] ?? '', decoded[3] ?? ''];
}

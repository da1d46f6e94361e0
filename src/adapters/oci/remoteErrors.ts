import { OciError } from 'oci-common';
import {
  FnStreamingError,
  messageOf,
  NetworkFailureError,
  ObjectArchivedError,
  ObjectChangedError,
  ObjectGoneError,
  PermanentRemoteError,
  ThrottledError,
  TransientRemoteError,
  UnusableEndpointError,
  type NetworkFailure,
  type NetworkFailureKind,
  type RemoteCallDetails,
} from '../../errors';
import { TRANSPORT_CODES } from './transport/failure';

type Service = RemoteCallDetails['service'];

/** Codes of failures that end a connection without saying more (resets, closed sockets). */
const CONNECTION_LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED']);
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_|^ERR_TLS|^ERR_SSL|^EPROTO$/;

/** Codes that name what went wrong, beyond a lost connection. */
function kindOfCode(code: string, message: string): NetworkFailureKind | undefined {
  if (code === 'ENOTFOUND') return 'name-not-found';
  if (code === 'EAI_AGAIN') return 'name-lookup-failed';
  if (code === 'ECONNREFUSED') return 'connection-refused';
  if (code === TRANSPORT_CODES.connectTimeout || (code === 'ETIMEDOUT' && message.startsWith('connect '))) return 'connect-timeout';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'unreachable';
  if (code === TRANSPORT_CODES.noResponse) return 'no-response';
  if (code === TRANSPORT_CODES.bodyStalled) return 'body-stalled';
  if (TLS_CODE.test(code)) return 'tls';
  if (CONNECTION_LOST_CODES.has(code) || code.startsWith('UND_ERR')) return 'connection-lost';
  return undefined;
}

/** The host of an SDK wrapper's `requestEndpoint` ("GET https://host/path"). */
function hostOfEndpoint(endpoint: unknown): string | undefined {
  if (typeof endpoint !== 'string') return undefined;
  const uri = endpoint.slice(endpoint.indexOf(' ') + 1);
  return URL.canParse(uri) ? new URL(uri).host : undefined;
}

/**
 * What a thrown value says about the network: the transport's failures and Node's carry `code`
 * (and `host`); the SDK re-throws them as plain `{code, message, requestEndpoint}` objects; fetch
 * wraps them in a TypeError whose cause has the code.
 */
export function networkFailureOf(error: unknown): NetworkFailure | undefined {
  let host: string | undefined;
  let current: unknown = error;
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 4; depth++) {
    const { code, message, name, cause, requestEndpoint } = current as Record<string, unknown>;
    host ??= typeof (current as { host?: unknown }).host === 'string' ? (current as { host: string }).host : hostOfEndpoint(requestEndpoint);
    const text = typeof message === 'string' ? message : '';
    const kind = typeof code === 'string' ? kindOfCode(code, text) : undefined;
    if (kind) return { kind, host, code: code as string };
    if (/^(fetch failed|terminated)$|socket hang up|other side closed/i.test(text) || name === 'AbortError') {
      return { kind: 'connection-lost', host, code: typeof code === 'string' ? code : 'ECONNRESET' };
    }
    current = cause;
  }
  return undefined;
}

export function isNetworkFailure(error: unknown): boolean {
  return networkFailureOf(error) !== undefined;
}

/** What an operator should check when the service refuses the function. */
const PERMISSION_HINTS: Record<Service, string> = {
  streaming: 'Check OCI_STREAM_OCID and OCI_STREAM_ENDPOINT, and that a policy allows the function\'s dynamic group to "use stream-push" on the stream.',
  objectstorage: 'Check that the bucket exists and that a policy allows the function\'s dynamic group to "read objects" in its compartment.',
  functions: 'Check the function OCID and that a policy lets you "use fn-invocation" on the function.',
};

/** Where a name that does not resolve comes from, per service. */
const NAME_HINTS: Record<Service, string> = {
  streaming:
    "Check OCI_STREAM_ENDPOINT: it must be the stream pool's messages endpoint FQDN (Stream Pools, the pool, Messages endpoint), and for a private stream pool the function's VCN and subnet need DNS labels (DNS resolution) so that the endpoint's private name resolves.",
  objectstorage: "Check OCI_OBJECTSTORAGE_ENDPOINT (or the region), and that the function's subnet resolves names (a VCN and subnet with DNS labels).",
  functions: 'Check the invoke endpoint and the region.',
};

const SERVICE_NAMES: Record<Service, string> = { streaming: 'Streaming', objectstorage: 'Object Storage', functions: 'Functions' };

export function serviceName(service: Service): string {
  return SERVICE_NAMES[service];
}

function networkText(failure: NetworkFailure, service: Service, cause: string): string {
  const host = failure.host ?? 'the endpoint';
  switch (failure.kind) {
    case 'name-not-found':
      return `the host name ${host} does not resolve (${failure.code}). ${NAME_HINTS[service]}`;
    case 'name-lookup-failed':
      return `the name of ${host} could not be looked up: the DNS resolver did not answer (${failure.code}); check the subnet's DNS resolution.`;
    case 'connection-refused':
      return `${host} refused the connection (${failure.code}): nothing accepts connections at that address and port; check the endpoint's host and port.`;
    case 'connect-timeout':
      return `${cause}. Check the subnet's route table (a service gateway for Oracle services) and its security rules or NSGs: egress TCP 443 from the function's subnet and, for a private stream pool, ingress TCP 443 to the pool's endpoint.`;
    case 'unreachable':
      return `there is no route to ${host} (${failure.code}); check the subnet's route table.`;
    case 'tls':
      return `the TLS handshake with ${host} failed (${failure.code}: ${cause}). Check that the endpoint URL names the service's own host (not its IP address) and that its certificate is trusted.`;
    case 'no-response':
    case 'body-stalled':
      return `${cause}; the request was abandoned and its connection closed.`;
    case 'connection-lost':
      return failure.host ? `the connection to ${failure.host} failed or was reset (${failure.code}).` : 'the connection failed or was reset.';
  }
}

/** A failure on the network, named for what it is: a name or certificate that retrying cannot fix is permanent. */
function fromNetwork(failure: NetworkFailure, error: unknown, service: Service, operation: string): FnStreamingError {
  const details: RemoteCallDetails = { service, operation, ...(failure.host ? { host: failure.host } : {}) };
  const cause = messageOf(error).split('\n')[0]!.slice(0, 300);
  const verb = failure.kind === 'no-response' || failure.kind === 'body-stalled' ? 'was abandoned' : 'failed';
  const text = `${SERVICE_NAMES[service]} ${operation} ${verb}: ${networkText(failure, service, cause)}`;
  if (failure.kind === 'name-not-found' || failure.kind === 'tls') return new UnusableEndpointError(text, details, failure, { cause: error });
  return new NetworkFailureError(text, details, failure, { cause: error });
}

/**
 * Translates an SDK or transport failure into the error hierarchy, once, at the edge: the status
 * and service code say whether the object is gone, changed, the call may succeed later, or an
 * operator must act; a network failure says which host and what kind. Our own errors pass as they are.
 */
export function translateRemoteError(error: unknown, service: Service, operation: string): Error {
  if (error instanceof FnStreamingError) return error;
  const what = SERVICE_NAMES[service];
  if (!(error instanceof OciError)) {
    const failure = networkFailureOf(error);
    if (failure) return fromNetwork(failure, error, service, operation);
    return error instanceof Error ? error : new Error(messageOf(error));
  }
  const status = error.statusCode;
  const code = error.serviceCode;
  const details: RemoteCallDetails = { service, operation, status, code, opcRequestId: error.opcRequestId ?? undefined };
  const said = `${what} ${operation} answered ${status}${code ? ` ${code}` : ''} (opc-request-id ${error.opcRequestId ?? 'unknown'})`;

  if (service === 'objectstorage' && status === 404 && code === 'ObjectNotFound') {
    return new ObjectGoneError('The object (or the version the event names) no longer exists; a later event covers what replaced it.', { cause: error });
  }
  if (service === 'objectstorage' && status === 412) {
    return new ObjectChangedError('The object was overwritten after this event (its ETag no longer matches); the newer event covers it.', { cause: error });
  }
  if (status === 429) return new ThrottledError(`${said}.`, details, undefined, { cause: error });
  if (status >= 500 || status === -1) {
    return new TransientRemoteError(`${said}.`, details, { cause: error });
  }
  if (status === 401) {
    return new PermanentRemoteError(`${said}: the request was not authenticated. Check that the function belongs to the dynamic group named in the policies (resource principal), or the API key.`, details, { cause: error });
  }
  if (status === 403 || status === 404) {
    return new PermanentRemoteError(`${said}. ${PERMISSION_HINTS[service]}`, details, { cause: error });
  }
  if (service === 'objectstorage' && status === 409 && code === 'NotRestored') {
    return new ObjectArchivedError('The object is in Archive storage and cannot be read until it is restored; read it from Object Storage after restoring.', { cause: error });
  }
  return new PermanentRemoteError(`${said}: ${error.message.split('\n')[0]}`, details, { cause: error });
}

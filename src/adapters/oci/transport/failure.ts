/** Codes of the transport's own failures, beside Node's (ECONNREFUSED, ENOTFOUND, certificate codes...). */
export const TRANSPORT_CODES = {
  connectTimeout: 'FN_CONNECT_TIMEOUT',
  noResponse: 'FN_NO_RESPONSE',
  bodyStalled: 'FN_BODY_STALLED',
} as const;

/**
 * A failure of one request on the network, shaped like Node's system errors (`code`, readable
 * `message`) so that it reads the same after the SDK has copied those two fields into its own
 * wrapper; `host` names the endpoint. remoteErrors.ts names it for the caller.
 */
export interface TransportFailure extends Error {
  code: string;
  host: string;
}

export function transportFailure(code: string, host: string, message: string, cause?: unknown): TransportFailure {
  return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { code, host });
}

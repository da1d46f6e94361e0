import * as common from 'oci-common';
import { ObjectStorageClient } from 'oci-objectstorage';
import { StreamClient } from 'oci-streaming';
import { TRANSPORT_BOUNDS, type TransportBounds } from './transport/bounds';
import { NodeHttpClient } from './transport/nodeHttpClient';
import { createRequestSigner, type KeyParser } from './transport/requestSigner';

/**
 * A synchronous invocation answers when the function has finished: up to its timeout, which OCI
 * caps at 300 s for a synchronous call; the rest of the bounds are the transport's own.
 */
export const INVOCATION_BOUNDS: TransportBounds = { ...TRANSPORT_BOUNDS, headersBaseMs: 310_000 };

/**
 * What an SDK client is built with so that its requests go through the bounded transport: each
 * request that stalls is abandoned (its socket destroyed) instead of being waited for as long as
 * fetch would. The typings allow one of the two; the constructors use both: the provider for the
 * region (and a signer of their own, left unused), the httpClient for every request.
 */
export function boundedClientParams(provider: common.AuthenticationDetailsProvider, bounds: TransportBounds = TRANSPORT_BOUNDS): common.AuthParams {
  return clientParams(provider, new NodeHttpClient(createRequestSigner(provider), bounds));
}

function clientParams(provider: common.AuthenticationDetailsProvider, transport: NodeHttpClient): common.AuthParams {
  return { authenticationDetailsProvider: provider, httpClient: transport } as unknown as common.AuthParams;
}

/**
 * The function owns retries (bounded by the invocation's deadline) and treats every invocation
 * on its own merits, so the SDK's retrier and its per-client circuit breaker, which would carry
 * failures from one event into the next, are switched off.
 */
function clientConfiguration(): common.ClientConfiguration {
  return {
    retryConfiguration: common.NoRetryConfigurationDetails,
    circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
  };
}

export interface OciClients {
  objectStorage: ObjectStorageClient;
  stream: StreamClient;
  /** Both clients' transport, which also carries the stream sink's PutMessages bodies and abandons timed-out calls. */
  transport: NodeHttpClient;
}

export function createOciClients(
  provider: common.AuthenticationDetailsProvider,
  endpoints: { stream: string; objectStorage?: string | undefined },
  parseKey?: KeyParser,
): OciClients {
  const transport = new NodeHttpClient(createRequestSigner(provider, parseKey));
  const params = clientParams(provider, transport);
  const objectStorage = new ObjectStorageClient(params, clientConfiguration());
  if (endpoints.objectStorage) objectStorage.endpoint = endpoints.objectStorage;
  const stream = new StreamClient(params, clientConfiguration());
  // The messages endpoint is the stream pool's own (often private) host; the client has no region default.
  stream.endpoint = endpoints.stream;
  return { objectStorage, stream, transport };
}

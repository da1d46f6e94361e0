import * as common from 'oci-common';
import { ObjectStorageClient } from 'oci-objectstorage';
import { StreamClient } from 'oci-streaming';
import { NodeHttpClient } from './transport/nodeHttpClient';
import { createRequestSigner, type KeyParser } from './transport/requestSigner';

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
  // The typings allow one of the two; the constructors use both: the provider for the region (and
  // a signer of their own, left unused), the httpClient for every request.
  const params = { authenticationDetailsProvider: provider, httpClient: transport } as unknown as common.AuthParams;
  const objectStorage = new ObjectStorageClient(params, clientConfiguration());
  if (endpoints.objectStorage) objectStorage.endpoint = endpoints.objectStorage;
  const stream = new StreamClient(params, clientConfiguration());
  // The messages endpoint is the stream pool's own (often private) host; the client has no region default.
  stream.endpoint = endpoints.stream;
  return { objectStorage, stream, transport };
}

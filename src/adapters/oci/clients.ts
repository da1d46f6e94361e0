import * as common from 'oci-common';
import { ObjectStorageClient } from 'oci-objectstorage';
import { StreamClient } from 'oci-streaming';

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
}

export function createOciClients(
  provider: common.AuthenticationDetailsProvider,
  endpoints: { stream: string; objectStorage?: string | undefined },
): OciClients {
  const objectStorage = new ObjectStorageClient({ authenticationDetailsProvider: provider }, clientConfiguration());
  if (endpoints.objectStorage) objectStorage.endpoint = endpoints.objectStorage;
  const stream = new StreamClient({ authenticationDetailsProvider: provider }, clientConfiguration());
  // The messages endpoint is the stream pool's own (often private) host; the client has no region default.
  stream.endpoint = endpoints.stream;
  return { objectStorage, stream };
}

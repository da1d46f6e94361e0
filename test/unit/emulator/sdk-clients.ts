import * as common from 'oci-common';
import { ObjectStorageClient } from 'oci-objectstorage';
import { StreamClient } from 'oci-streaming';
import { resourcePrincipalEnv, type TestCredentials } from '../../support/credentials';

/** The real SDK clients, pointed at the emulator; no retries or circuit breaker, so each call is one request. */
const clientConfiguration: common.ClientConfiguration = {
  retryConfiguration: common.NoRetryConfigurationDetails,
  circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
};

export function apiKeyProvider(credentials: TestCredentials, privateKeyPem = credentials.apiKey.privateKeyPem): common.AuthenticationDetailsProvider {
  const key = credentials.apiKey;
  return new common.SimpleAuthenticationDetailsProvider(key.tenancy, key.user, key.fingerprint, privateKeyPem, null, common.Region.US_ASHBURN_1);
}

/** Reads the same environment OCI Functions provides; the variables stay set for the process. */
export function resourcePrincipalProvider(credentials: TestCredentials): common.AuthenticationDetailsProvider {
  Object.assign(process.env, resourcePrincipalEnv(credentials));
  return common.ResourcePrincipalAuthenticationDetailsProvider.builder();
}

export function objectStorageClient(provider: common.AuthenticationDetailsProvider, url: string): ObjectStorageClient {
  const client = new ObjectStorageClient({ authenticationDetailsProvider: provider }, clientConfiguration);
  client.endpoint = url;
  return client;
}

export function streamClient(provider: common.AuthenticationDetailsProvider, url: string): StreamClient {
  const client = new StreamClient({ authenticationDetailsProvider: provider }, clientConfiguration);
  client.endpoint = url;
  return client;
}

/** getObject's value is a web ReadableStream with the default fetch, a Node Readable with an agent. */
export async function readAll(value: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of value as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The OciError status an SDK call failed with. */
export async function failureOf(call: Promise<unknown>): Promise<{ statusCode: number; serviceCode: string; message: string }> {
  try {
    await call;
  } catch (error) {
    return error as { statusCode: number; serviceCode: string; message: string };
  }
  throw new Error('expected the call to fail');
}

/**
 * Signs with the SDK's own signer, then sends with fetch: lets a test send a target the SDK
 * would not produce, or a body other than the one that was signed.
 */
export async function signedFetch(
  provider: common.AuthenticationDetailsProvider,
  method: common.Method,
  uri: string,
  options: { body?: string; sendBody?: string; xDate?: string } = {},
): Promise<Response> {
  const headers = new Headers();
  if (options.body !== undefined) headers.set('content-type', 'application/json');
  if (options.xDate !== undefined) headers.set('x-date', options.xDate);
  const request: common.HttpRequest = { method, uri, headers, ...(options.body !== undefined ? { body: options.body } : {}) };
  await new common.DefaultRequestSigner(provider).signHttpRequest(request);
  return fetch(uri, { method, headers, body: options.sendBody ?? options.body ?? null });
}

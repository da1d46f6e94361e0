import { composeRequest, handleErrorBody, handleErrorResponse, type HttpRequest } from 'oci-common';
import type { StreamClient } from 'oci-streaming';
import { z } from 'zod';
import { TransientRemoteError } from '../../errors';
import type { MessageSink, PutOutcome, StreamMessage } from '../../ports';
import { putMessagesBody, wholeBufferOf } from './putMessagesBody';
import { remoteCall } from './remoteCall';
import type { SendOptions, TransportResponse } from './transport/nodeHttpClient';

/** The transport's path for a body the signature does not cover (see NodeHttpClient). */
export interface UnsignedBodyTransport {
  sendUnsignedBody(request: HttpRequest, body: Buffer, options: SendOptions): Promise<TransportResponse>;
}

/** PutMessagesResult as the service answers it: one entry per message, in request order. */
const PutMessagesResultSchema = z.object({
  entries: z
    .array(
      z.object({
        partition: z.string().nullish(),
        offset: z.number().nullish(),
        error: z.string().nullish(),
        errorMessage: z.string().nullish(),
      }),
    )
    .nullish(),
});
type PutMessagesEntry = NonNullable<z.infer<typeof PutMessagesResultSchema>['entries']>[number];

const PATH = '/streams/{streamId}/messages';
const API_REFERENCE = 'https://docs.oracle.com/iaas/api/#/en/streaming/20180418/Message/PutMessages';

/**
 * Publishes through PutMessages, reporting each entry: the service answers 200 with failures
 * inside. The SDK composes the request (`composeRequest`, on the stream client's endpoint) and
 * the transport signs it as the SDK does; its body (unsigned for PutMessages) is the one
 * assembled here, in one buffer, handed to the transport with the request, never through the SDK.
 */
export class OciStreamSink implements MessageSink {
  /** The buffer of a body the transport has released, reused rather than a new megabyte per request. */
  private spare: Buffer | undefined;

  constructor(
    private readonly client: StreamClient,
    private readonly streamId: string,
    private readonly transport: UnsignedBodyTransport,
  ) {}

  async put(messages: readonly StreamMessage[], options: { timeoutMs: number }): Promise<PutOutcome[]> {
    const body = putMessagesBody(messages, this.spare);
    this.spare = undefined;
    const { entries, opcRequestId } = await remoteCall('streaming', 'putMessages', options.timeoutMs, async (signal) => {
      const request = await composeRequest({
        baseEndpoint: this.client.endpoint,
        defaultHeaders: {},
        path: PATH,
        method: 'POST',
        pathParams: { '{streamId}': this.streamId },
        headerParams: { 'Content-Type': 'application/json' },
        queryParams: {},
      });
      const released = () => {
        this.spare = wholeBufferOf(body);
      };
      const response = await this.transport.sendUnsignedBody(request, body, { signal, onBodyReleased: released });
      return resultOf(request, response);
    });
    return messages.map((_, index): PutOutcome => {
      const entry = entries[index];
      if (!entry) return { accepted: false, error: 'MissingEntry', errorMessage: 'the response had no entry for this message' };
      if (entry.error || entry.partition == null || entry.offset == null) {
        return { accepted: false, error: entry.error ?? 'Unknown', errorMessage: entry.errorMessage ?? 'no detail given' };
      }
      return { accepted: true, partition: entry.partition, offset: entry.offset, opcRequestId };
    });
  }
}

/** The entries of a 2xx answer; any other answer as the SDK's own error for it. */
async function resultOf(request: HttpRequest, response: TransportResponse): Promise<{ entries: PutMessagesEntry[]; opcRequestId: string | undefined }> {
  const opcRequestId = response.headers.get('opc-request-id') ?? undefined;
  if (response.status < 200 || response.status > 299) {
    const sdkResponse = response as unknown as Response;
    const endpoint = `${request.method} ${request.uri}`;
    throw handleErrorResponse(sdkResponse, await handleErrorBody(sdkResponse), 'Stream', 'putMessages', new Date().toISOString(), endpoint, API_REFERENCE);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = PutMessagesResultSchema.safeParse(json);
  if (!parsed.success) {
    throw new TransientRemoteError(
      `Streaming putMessages answered ${response.status} with a body that is not a PutMessages result (opc-request-id ${opcRequestId ?? 'unknown'}).`,
      { service: 'streaming', operation: 'putMessages', status: response.status, opcRequestId },
    );
  }
  return { entries: parsed.data.entries ?? [], opcRequestId };
}

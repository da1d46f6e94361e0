import { Readable } from 'node:stream';
import { Range } from 'oci-common';
import type { ObjectStorageClient, responses } from 'oci-objectstorage';
import { models } from 'oci-objectstorage';
import type { Clock, ObjectMetadata, ObjectSource, OpenedObject, PinnedObject } from '../../ports';
import { remoteCall } from './remoteCall';
import { TRANSPORT_BOUNDS, type TransportBounds } from './transport/bounds';
import { TRANSPORT_CODES, transportFailure } from './transport/failure';

type Body = ReadableStream<Uint8Array> | Readable;

/** How an SDK call's requests are abandoned when its attempt is: the call sends the id it is given (see NodeHttpClient). */
export interface SdkCallScope {
  abandonedOnAbort<T>(signal: AbortSignal, call: (opcClientRequestId: string) => Promise<T>): Promise<T>;
}

/** Reads a response body, one piece at a time, and can release it before its end. */
interface BodyReader {
  read(): Promise<IteratorResult<Uint8Array>>;
  /** Releases the body; a read still waiting fails with `reason`. */
  cancel(reason?: Error): Promise<void>;
}

/**
 * One reader holds the body for its whole life, so that discarding it (after a failed or
 * abandoned read) cancels the very stream being read and the connection is closed, not left
 * buffering in a hot container. The function's transport gives a Node stream, read as it is;
 * a web stream (the SDK's default fetch) through its own reader.
 */
function readerOf(body: Body): BodyReader {
  if (body instanceof Readable) {
    const pieces = body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    return {
      read: () => pieces.next(),
      cancel: async (reason) => {
        body.destroy(reason);
      },
    };
  }
  const reader = body.getReader();
  return {
    read: async () => {
      const step = await reader.read();
      return step.done ? { done: true, value: undefined } : { done: false, value: step.value };
    },
    cancel: (reason) => reader.cancel(reason),
  };
}

async function discard(reader: BodyReader, reason?: Error): Promise<void> {
  try {
    await reader.cancel(reason);
  } catch {
    // Already consumed or errored: nothing left to release.
  }
}

/** Reads objects through the SDK, pinned to the event's version or ETag. */
export class OciObjectSource implements ObjectSource {
  private readonly host: string;

  constructor(
    private readonly client: ObjectStorageClient,
    private readonly scope: SdkCallScope,
    private readonly clock: Clock,
    private readonly bounds: Pick<TransportBounds, 'bodyIdleMs'> = TRANSPORT_BOUNDS,
  ) {
    this.host = URL.canParse(client.endpoint) ? new URL(client.endpoint).host : 'Object Storage';
  }

  async open(object: PinnedObject, options: { resumeAt?: { offset: number; size: number }; timeoutMs: number }): Promise<OpenedObject> {
    const { resumeAt } = options;
    const cutoff = this.clock.now() + options.timeoutMs;
    let request: Promise<responses.GetObjectResponse> | undefined;
    let response: responses.GetObjectResponse;
    try {
      response = await remoteCall('objectstorage', 'getObject', options.timeoutMs, (signal) => {
        request = this.scope.abandonedOnAbort(signal, (opcClientRequestId) =>
          this.client.getObject({
            opcClientRequestId,
            namespaceName: object.namespace,
            bucketName: object.bucket,
            objectName: object.name,
            ...(object.versionId ? { versionId: object.versionId } : {}),
            ...(object.eTag ? { ifMatch: object.eTag } : {}),
            // The SDK writes `bytes=<start>-<end>` and prints a missing end as "null": give both.
            ...(resumeAt ? { range: new Range(resumeAt.offset, resumeAt.size - 1, null) } : {}),
          }),
        );
        return request;
      });
    } catch (error) {
      // A response that arrives after we gave up must still release its connection.
      request?.then((late) => discard(readerOf(late.value as Body)), () => undefined);
      throw error;
    }
    const reader = readerOf(response.value as Body);
    const metadata: ObjectMetadata = {
      size: resumeAt ? resumeAt.size : response.contentLength,
      contentType: response.contentType ?? null,
      eTag: response.eTag ?? null,
      versionId: response.versionId ?? null,
      opcRequestId: response.opcRequestId,
    };
    return { metadata, body: this.readBody(reader, cutoff), discard: () => discard(reader) };
  }

  /**
   * The body as chunks. Each read is bounded by the time the open was given, and by the body's
   * idle bound: a body that sends nothing while it is being waited for is abandoned (and resumed
   * by the caller). Time it spends unread while the function paces itself does not count.
   */
  private async *readBody(reader: BodyReader, cutoff: number): AsyncGenerator<Uint8Array> {
    const idleMs = this.bounds.bodyIdleMs;
    for (;;) {
      const leftMs = cutoff - this.clock.now();
      const stalled = () =>
        transportFailure(TRANSPORT_CODES.bodyStalled, this.host, `${this.host} sent no byte of the object's body for ${idleMs / 1000} s while it was being read`);
      const step = await remoteCall(
        'objectstorage',
        'getObject (body)',
        Math.min(idleMs, leftMs),
        (signal) => {
          // The read waiting on the body fails with the reason (a stall, or the deadline), not as a premature close.
          signal.addEventListener('abort', () => void discard(reader, signal.reason as Error), { once: true });
          return reader.read();
        },
        leftMs > idleMs ? stalled : undefined,
      );
      if (step.done) return;
      yield step.value;
    }
  }

  async createReadUrl(object: PinnedObject, expiresAt: Date, options: { timeoutMs: number }): Promise<string> {
    const response = await remoteCall('objectstorage', 'createPreauthenticatedRequest', options.timeoutMs, (signal) =>
      this.scope.abandonedOnAbort(signal, (opcClientRequestId) =>
        this.client.createPreauthenticatedRequest({
          opcClientRequestId,
          namespaceName: object.namespace,
          bucketName: object.bucket,
          createPreauthenticatedRequestDetails: {
            name: `fn-streaming-${expiresAt.getTime()}`,
            objectName: object.name,
            accessType: models.CreatePreauthenticatedRequestDetails.AccessType.ObjectRead,
            timeExpires: expiresAt,
          },
        }),
      ),
    );
    const accessUri = response.preauthenticatedRequest.accessUri;
    return accessUri.startsWith('http') ? accessUri : new URL(accessUri, this.client.endpoint).toString();
  }
}

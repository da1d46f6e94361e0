import { Readable } from 'node:stream';
import { Range } from 'oci-common';
import type { ObjectStorageClient } from 'oci-objectstorage';
import { models } from 'oci-objectstorage';
import { TransientRemoteError } from '../../errors';
import type { ObjectMetadata, ObjectSource, OpenedObject, PinnedObject } from '../../ports';
import { withTimeout } from '../timeout';
import { translateRemoteError } from './remoteErrors';

type Body = ReadableStream<Uint8Array> | Readable;

function timedOut(operation: string): TransientRemoteError {
  return new TransientRemoteError(`Object Storage ${operation} timed out.`, { service: 'objectstorage', operation });
}

/** Reads a response body, one piece at a time, and can release it before its end. */
interface BodyReader {
  read(): Promise<IteratorResult<Uint8Array>>;
  cancel(): Promise<void>;
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
      cancel: async () => {
        body.destroy();
      },
    };
  }
  const reader = body.getReader();
  return {
    read: async () => {
      const step = await reader.read();
      return step.done ? { done: true, value: undefined } : { done: false, value: step.value };
    },
    cancel: () => reader.cancel(),
  };
}

/** The body as chunks, each read bounded by the time the open was given, failures translated. */
async function* readBody(reader: BodyReader, cutoff: number): AsyncGenerator<Uint8Array> {
  for (;;) {
    let step: IteratorResult<Uint8Array>;
    try {
      step = await withTimeout(reader.read(), cutoff - Date.now(), () => timedOut('getObject (body)'));
    } catch (error) {
      throw error instanceof TransientRemoteError ? error : translateRemoteError(error, 'objectstorage', 'getObject (body)');
    }
    if (step.done) return;
    yield step.value;
  }
}

async function discard(reader: BodyReader): Promise<void> {
  try {
    await reader.cancel();
  } catch {
    // Already consumed or errored: nothing left to release.
  }
}

/** Reads objects through the SDK, pinned to the event's version or ETag. */
export class OciObjectSource implements ObjectSource {
  constructor(private readonly client: ObjectStorageClient) {}

  async open(object: PinnedObject, options: { resumeAt?: { offset: number; size: number }; timeoutMs: number }): Promise<OpenedObject> {
    const { resumeAt } = options;
    const cutoff = Date.now() + options.timeoutMs;
    const request = this.client.getObject({
      namespaceName: object.namespace,
      bucketName: object.bucket,
      objectName: object.name,
      ...(object.versionId ? { versionId: object.versionId } : {}),
      ...(object.eTag ? { ifMatch: object.eTag } : {}),
      // The SDK writes `bytes=<start>-<end>` and prints a missing end as "null": give both.
      ...(resumeAt ? { range: new Range(resumeAt.offset, resumeAt.size - 1, null) } : {}),
    });
    let response;
    try {
      response = await withTimeout(request, options.timeoutMs, () => timedOut('getObject'));
    } catch (error) {
      // A response that arrives after we gave up must still release its connection.
      request.then((late) => discard(readerOf(late.value as Body)), () => undefined);
      throw error instanceof TransientRemoteError ? error : translateRemoteError(error, 'objectstorage', 'getObject');
    }
    const reader = readerOf(response.value as Body);
    const metadata: ObjectMetadata = {
      size: resumeAt ? resumeAt.size : response.contentLength,
      contentType: response.contentType ?? null,
      eTag: response.eTag ?? null,
      versionId: response.versionId ?? null,
      opcRequestId: response.opcRequestId,
    };
    return { metadata, body: readBody(reader, cutoff), discard: () => discard(reader) };
  }

  async createReadUrl(object: PinnedObject, expiresAt: Date, options: { timeoutMs: number }): Promise<string> {
    try {
      const response = await withTimeout(
        this.client.createPreauthenticatedRequest({
          namespaceName: object.namespace,
          bucketName: object.bucket,
          createPreauthenticatedRequestDetails: {
            name: `fn-streaming-${expiresAt.getTime()}`,
            objectName: object.name,
            accessType: models.CreatePreauthenticatedRequestDetails.AccessType.ObjectRead,
            timeExpires: expiresAt,
          },
        }),
        options.timeoutMs,
        () => timedOut('createPreauthenticatedRequest'),
      );
      const accessUri = response.preauthenticatedRequest.accessUri;
      return accessUri.startsWith('http') ? accessUri : new URL(accessUri, this.client.endpoint).toString();
    } catch (error) {
      throw error instanceof TransientRemoteError ? error : translateRemoteError(error, 'objectstorage', 'createPreauthenticatedRequest');
    }
  }
}

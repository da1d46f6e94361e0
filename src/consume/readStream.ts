import { OciError } from 'oci-common';
import { models, type StreamClient } from 'oci-streaming';

export interface ReadMessage {
  partition: string;
  offset: number;
  key: Buffer | null;
  value: Buffer;
}

export interface ReadOptions {
  streamId: string;
  /** Partitions to read; `undefined` reads 0, 1, ... until the service says a partition does not exist. */
  partitions?: readonly string[];
  limit?: number;
}

async function cursorFor(client: StreamClient, streamId: string, partition: string): Promise<string | undefined> {
  try {
    const response = await client.createCursor({
      streamId,
      createCursorDetails: { partition, type: models.CreateCursorDetails.Type.TrimHorizon },
    });
    return response.cursor.value;
  } catch (error) {
    // Asking past the last partition is how an unknown partition count is discovered.
    if (error instanceof OciError && error.statusCode === 400 && partition !== '0') return undefined;
    throw error;
  }
}

/** Every message of the stream from the oldest, partition by partition, until caught up. */
export async function* readStream(client: StreamClient, options: ReadOptions): AsyncGenerator<ReadMessage> {
  const explicit = options.partitions;
  for (let index = 0; explicit === undefined || index < explicit.length; index++) {
    const partition = explicit ? explicit[index]! : String(index);
    let cursor = await cursorFor(client, options.streamId, partition);
    if (cursor === undefined) return;
    for (;;) {
      const response = await client.getMessages({ streamId: options.streamId, cursor, limit: options.limit ?? 100 });
      for (const item of response.items) {
        yield {
          partition: item.partition,
          offset: item.offset,
          key: item.key ? Buffer.from(item.key, 'base64') : null,
          value: Buffer.from(item.value, 'base64'),
        };
      }
      if (response.items.length === 0 || !response.opcNextCursor) break;
      cursor = response.opcNextCursor;
    }
  }
}

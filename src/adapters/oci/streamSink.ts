import type { StreamClient } from 'oci-streaming';
import { TransientRemoteError } from '../../errors';
import type { MessageSink, PutOutcome, StreamMessage } from '../../ports';
import { withTimeout } from '../timeout';
import { translateRemoteError } from './remoteErrors';

/** Publishes through PutMessages, reporting each entry: the service answers 200 with failures inside. */
export class OciStreamSink implements MessageSink {
  constructor(
    private readonly client: StreamClient,
    private readonly streamId: string,
  ) {}

  async put(messages: readonly StreamMessage[], options: { timeoutMs: number }): Promise<PutOutcome[]> {
    let response;
    try {
      response = await withTimeout(
        this.client.putMessages({
          streamId: this.streamId,
          putMessagesDetails: {
            messages: messages.map((message) => ({
              key: message.key.toString('base64'),
              value: message.value.toString('base64'),
            })),
          },
        }),
        options.timeoutMs,
        () => new TransientRemoteError('Streaming putMessages timed out.', { service: 'streaming', operation: 'putMessages' }),
      );
    } catch (error) {
      throw error instanceof TransientRemoteError ? error : translateRemoteError(error, 'streaming', 'putMessages');
    }
    const entries = response.putMessagesResult.entries ?? [];
    return messages.map((_, index): PutOutcome => {
      const entry = entries[index];
      if (!entry) return { accepted: false, error: 'MissingEntry', errorMessage: 'the response had no entry for this message' };
      if (entry.error || entry.partition === undefined || entry.offset === undefined) {
        return { accepted: false, error: entry.error ?? 'Unknown', errorMessage: entry.errorMessage ?? 'no detail given' };
      }
      return { accepted: true, partition: entry.partition, offset: entry.offset, opcRequestId: response.opcRequestId };
    });
  }
}

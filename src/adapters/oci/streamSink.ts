import type { StreamClient } from 'oci-streaming';
import { TransientRemoteError } from '../../errors';
import type { MessageSink, PutOutcome, StreamMessage } from '../../ports';
import { withTimeout } from '../timeout';
import { putMessagesBody, wholeBufferOf } from './putMessagesBody';
import { translateRemoteError } from './remoteErrors';

/** The transport's way to send a body the sink assembled (see NodeHttpClient). */
export interface PreparedBodies {
  withPreparedBody<T>(body: Buffer, call: (opcRequestId: string) => Promise<T>): Promise<T>;
}

/**
 * Publishes through PutMessages, reporting each entry: the service answers 200 with failures
 * inside. The SDK composes, signs and sends the request; its body (unsigned for PutMessages) is
 * the one assembled here, in one buffer, rather than the SDK's JSON string of base64 strings.
 */
export class OciStreamSink implements MessageSink {
  /** The buffer of a body whose request has settled, reused rather than a new megabyte per request. */
  private spare: Buffer | undefined;

  constructor(
    private readonly client: StreamClient,
    private readonly streamId: string,
    private readonly bodies: PreparedBodies,
  ) {}

  async put(messages: readonly StreamMessage[], options: { timeoutMs: number }): Promise<PutOutcome[]> {
    const body = putMessagesBody(messages, this.spare);
    this.spare = undefined;
    const sending = this.bodies.withPreparedBody(body, (opcRequestId) =>
      // The entries travel in the prepared body; the SDK's own serialization of them is not sent.
      this.client.putMessages({ streamId: this.streamId, opcRequestId, putMessagesDetails: { messages: [] } }),
    );
    // Free again once the request has settled, even after a timeout here: until then the socket may still be writing it.
    const release = () => {
      this.spare = wholeBufferOf(body);
    };
    sending.then(release, release);
    let response;
    try {
      response = await withTimeout(
        sending,
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

import type { MessageSink, StreamMessage } from '../ports';
import { withRetries, type RetryContext } from '../retry/retry';
import { entryFailureError } from './entryFailure';

export interface PublishReceipt {
  partition: string;
  offset: number;
  attempts: number;
  opcRequestId?: string | undefined;
}

/**
 * Publishes one message, retrying until the stream accepts it or the deadline leaves no room.
 * One message per request keeps a key's messages in order: a retried chunk is re-sent before
 * the next one is sent at all.
 */
export async function publishMessage(
  sink: MessageSink,
  message: StreamMessage,
  retry: RetryContext,
): Promise<PublishReceipt> {
  return withRetries(
    'Publishing to the stream',
    async (timeoutMs, attempts) => {
      const [outcome] = await sink.put([message], { timeoutMs });
      if (outcome === undefined) throw entryFailureError('MissingEntry', 'the response had no entry for the message');
      if (!outcome.accepted) throw entryFailureError(outcome.error, outcome.errorMessage);
      return { partition: outcome.partition, offset: outcome.offset, attempts, opcRequestId: outcome.opcRequestId };
    },
    retry,
  );
}

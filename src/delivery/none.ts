import { describeFromEvent, type Invocation } from './invocation';
import type { DeliveryOutcome } from './outcome';
import { sendEnvelope } from './send';

/** Delete events carry no content: the message tells consumers the object is gone. */
export async function deliverDeletion(invocation: Invocation): Promise<DeliveryOutcome> {
  const receipt = await sendEnvelope(invocation, {
    object: describeFromEvent(invocation),
    delivery: 'none',
    reason: 'The object was deleted; a delete event has no content.',
  });
  return { delivery: 'none', messages: 1, bytes: 0, partition: receipt.partition, offsets: [receipt.offset] };
}

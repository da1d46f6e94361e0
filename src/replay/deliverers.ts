import { randomUUID } from 'node:crypto';
import type { Handler } from '../handler/createHandler';
import type { Clock } from '../ports';
import { outcomeOfAnswer, outcomeOfFailure } from './outcome';
import type { DeliverEvent } from './ports';

/** The deployed function's invoke API, behind an adapter: the body in, the answer text out. */
export interface FunctionInvoker {
  invoke(body: string): Promise<string>;
}

/** `--invoke`: through the deployed function, which reaches the (private) stream itself. */
export function invokeDelivery(invoker: FunctionInvoker): DeliverEvent {
  return async (event) => {
    try {
      return outcomeOfAnswer(await invoker.invoke(JSON.stringify(event)));
    } catch (error) {
      return outcomeOfFailure(error);
    }
  };
}

/** func.yaml's timeout: each object gets the time the deployed function would have. */
export const DIRECT_TIMEOUT_MS = 150_000;

/** `--direct`: the function's own handler, in this process, exactly as the fdk would call it. */
export function directDelivery(handler: Handler, clock: Clock): DeliverEvent {
  return async (event) => {
    try {
      const answer = await handler(Buffer.from(JSON.stringify(event), 'utf8'), {
        callId: `replay-${randomUUID()}`,
        deadline: new Date(clock.now() + DIRECT_TIMEOUT_MS),
      });
      return outcomeOfAnswer(answer);
    } catch (error) {
      return outcomeOfFailure(error);
    }
  };
}

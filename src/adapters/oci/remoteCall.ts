import { TransientRemoteError, type RemoteCallDetails } from '../../errors';
import { withTimeout } from '../timeout';
import { serviceName, translateRemoteError } from './remoteErrors';

/**
 * One attempt at a remote call, as every adapter makes it: bounded by the time its retry loop
 * gave it, cancelled through the signal when that runs out (the request abandoned, not left
 * running), and its failure translated once into the error hierarchy. `onTimeout` names a timeout
 * that is not the deadline's (a body that stalled).
 */
export async function remoteCall<T>(
  service: RemoteCallDetails['service'],
  operation: string,
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>,
  onTimeout: () => Error = () => new TransientRemoteError(`${serviceName(service)} ${operation} timed out.`, { service, operation }),
): Promise<T> {
  try {
    return await withTimeout(call, timeoutMs, onTimeout);
  } catch (error) {
    throw translateRemoteError(error, service, operation);
  }
}

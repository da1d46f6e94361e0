import type { ServerResponse } from 'node:http';
import { OciHttpError, sendJson } from './http-util';
import type { FunctionTarget } from './types';

export interface RegisteredFunction {
  id: string;
  displayName: string;
  target: FunctionTarget;
}

function find(functions: ReadonlyMap<string, RegisteredFunction>, functionId: string): RegisteredFunction {
  const found = functions.get(functionId);
  if (!found) throw new OciHttpError(404, 'NotAuthorizedOrNotFound', `Function ${functionId} not found or not authorized`);
  return found;
}

/** `GET /20181201/functions/{id}`: what FunctionsManagementClient.getFunction reads, the invoke endpoint above all. */
export function getFunction(functions: ReadonlyMap<string, RegisteredFunction>, functionId: string, res: ServerResponse, baseUrl: string): void {
  const fn = find(functions, functionId);
  sendJson(res, 200, {
    id: fn.id,
    displayName: fn.displayName,
    applicationId: 'ocid1.fnapp.oc1.iad.aaaaaaaaemulatorapplication',
    compartmentId: 'ocid1.compartment.oc1..aaaaaaaaemulatorcompartment',
    lifecycleState: 'ACTIVE',
    image: 'iad.ocir.io/examplens/fn-streaming:emulated',
    memoryInMBs: 128,
    timeoutInSeconds: 150,
    invokeEndpoint: baseUrl,
    timeCreated: new Date(0).toISOString(),
  });
}

/**
 * `POST /20181201/functions/{id}/actions/invoke`: the body goes to the function as is and its
 * answer comes back. A function that failed (the fdk's 502) is answered as OCI Functions answers
 * it, with only "function failed": the reason is in the function's log.
 */
export async function invokeFunction(functions: ReadonlyMap<string, RegisteredFunction>, functionId: string, res: ServerResponse, body: Buffer): Promise<void> {
  const fn = find(functions, functionId);
  const answer = await fn.target(body);
  if (answer.status === 200) {
    const payload = Buffer.from(answer.body, 'utf8');
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(payload.length) });
    res.end(payload);
    return;
  }
  if (answer.status === 502) throw new OciHttpError(502, 'FunctionInvokeExecutionFailed', 'function failed');
  throw new OciHttpError(answer.status >= 500 ? answer.status : 502, 'FunctionInvokeExecutionFailed', `function answered HTTP ${answer.status}`);
}

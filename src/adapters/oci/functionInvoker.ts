import { OciError } from 'oci-common';
import { FunctionsInvokeClient, FunctionsManagementClient, requests } from 'oci-functions';
import { ReplaySetupError, TransientRemoteError } from '../../errors';
import type { FunctionInvoker } from '../../replay/deliverers';
import { translateRemoteError } from './remoteErrors';

async function readText(value: unknown): Promise<string> {
  if (typeof value === 'string') return value;
  const chunks: Buffer[] = [];
  for await (const chunk of value as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** The function's invoke endpoint, looked up with getFunction (`read fn-function`). */
export async function lookUpInvokeEndpoint(client: FunctionsManagementClient, functionId: string): Promise<string> {
  try {
    const { function: found } = await client.getFunction({ functionId });
    if (!found.invokeEndpoint) throw new Error('the function has no invoke endpoint');
    return found.invokeEndpoint;
  } catch (error) {
    const said = error instanceof OciError ? `answered ${error.statusCode} ${error.serviceCode ?? ''} (opc-request-id ${error.opcRequestId ?? 'unknown'})` : `failed (${String((error as Error).message)})`;
    throw new ReplaySetupError(
      `Looking up function ${functionId} ${said}. Check the OCID, the credentials and region, and that a policy lets you "read fn-function" on it (or give --invoke-endpoint). Nothing was sent.`,
      [],
      { cause: error },
    );
  }
}

/** invokeFunction over the SDK, one synchronous call per event, as OCI Events makes it. */
export class OciFunctionInvoker implements FunctionInvoker {
  constructor(
    private readonly client: FunctionsInvokeClient,
    private readonly functionId: string,
  ) {}

  async invoke(body: string): Promise<string> {
    try {
      const response = await this.client.invokeFunction({
        functionId: this.functionId,
        invokeFunctionBody: body,
        fnIntent: requests.InvokeFunctionRequest.FnIntent.Cloudevent,
        fnInvokeType: requests.InvokeFunctionRequest.FnInvokeType.Sync,
      });
      return await readText(response.value);
    } catch (error) {
      if (error instanceof OciError && error.statusCode === 502) {
        throw new TransientRemoteError(
          `The function failed (invoke answered 502 ${error.serviceCode ?? ''}, opc-request-id ${error.opcRequestId ?? 'unknown'}); its log line "event failed" says why. The event is safe to send again.`,
          { service: 'functions', operation: 'invokeFunction', status: 502, code: error.serviceCode, opcRequestId: error.opcRequestId ?? undefined },
          { cause: error },
        );
      }
      throw translateRemoteError(error, 'functions', 'invokeFunction');
    }
  }
}

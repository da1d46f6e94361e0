import * as common from 'oci-common';
import { FunctionsInvokeClient } from 'oci-functions';
import type { LogSearchClient } from 'oci-loggingsearch';
import type { ObjectStorageClient } from 'oci-objectstorage';
import { models, StreamClient } from 'oci-streaming';
import { boundedClientParams, INVOCATION_BOUNDS } from '../../adapters/oci/clients';
import { OciFunctionInvoker } from '../../adapters/oci/functionInvoker';
import { withTimeout } from '../../adapters/timeout';
import { messageOf, StreamUnreachableError } from '../../errors';
import type { LogInfo } from '../model';
import type { Read } from '../ports';
import type { InvokeAnswer, ProbePorts, StreamedMessage, StreamWatch } from '../probe';
import { readOf } from './reads';

const CONNECT_TIMEOUT_MS = 10_000;
const INVOKE_TIMEOUT_MS = 300_000;
const NO_RETRY: common.ClientConfiguration = {
  retryConfiguration: common.NoRetryConfigurationDetails,
  circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
};

class PartitionsWatch implements StreamWatch {
  constructor(
    private readonly client: StreamClient,
    private readonly streamId: string,
    private readonly cursors: Map<string, string>,
  ) {}

  async poll(): Promise<StreamedMessage[]> {
    const messages: StreamedMessage[] = [];
    for (const [partition, cursor] of this.cursors) {
      const response = await withTimeout(this.client.getMessages({ streamId: this.streamId, cursor, limit: 100 }), CONNECT_TIMEOUT_MS, () => new Error('getMessages did not answer in time'));
      if (response.opcNextCursor) this.cursors.set(partition, response.opcNextCursor);
      for (const item of response.items) {
        messages.push({ partition, offset: item.offset, key: item.key ? Buffer.from(item.key, 'base64') : null, value: Buffer.from(item.value, 'base64') });
      }
    }
    return messages;
  }
}

export interface ProbeClients {
  provider: common.AuthenticationDetailsProvider;
  objectStorage: ObjectStorageClient;
  logSearch: LogSearchClient;
}

/** The probe's writes and reads over the SDK's clients. */
export function createOciProbePorts(clients: ProbeClients): ProbePorts {
  const params = boundedClientParams(clients.provider);
  return {
    async watchFromLatest(endpoint, streamId, partitions) {
      const client = new StreamClient(params, NO_RETRY);
      client.endpoint = endpoint;
      const cursors = new Map<string, string>();
      for (let index = 0; index < partitions; index++) {
        const partition = String(index);
        try {
          const response = await withTimeout(
            client.createCursor({ streamId, createCursorDetails: { partition, type: models.CreateCursorDetails.Type.Latest } }),
            CONNECT_TIMEOUT_MS,
            () => new StreamUnreachableError(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`),
          );
          cursors.set(partition, response.cursor.value);
        } catch (error) {
          if (error instanceof common.OciError) throw new StreamUnreachableError(`createCursor answered ${error.statusCode} ${error.serviceCode}`, { cause: error });
          throw error instanceof StreamUnreachableError ? error : new StreamUnreachableError(messageOf(error), { cause: error });
        }
      }
      return new PartitionsWatch(client, streamId, cursors);
    },
    async putObject(namespaceName, bucketName, objectName, body) {
      const response = await clients.objectStorage.putObject({ namespaceName, bucketName, objectName, putObjectBody: body, contentLength: body.length, contentType: 'text/plain' });
      return { eTag: response.eTag };
    },
    async deleteObject(namespaceName, bucketName, objectName) {
      await clients.objectStorage.deleteObject({ namespaceName, bucketName, objectName });
    },
    async invokeFunction(functionId, invokeEndpoint, body): Promise<InvokeAnswer> {
      if (!invokeEndpoint) return { ok: false, detail: 'the function has no invoke endpoint' };
      const client = new FunctionsInvokeClient(boundedClientParams(clients.provider, INVOCATION_BOUNDS), NO_RETRY);
      client.endpoint = invokeEndpoint;
      try {
        return { ok: true, body: await withTimeout(new OciFunctionInvoker(client, functionId).invoke(body), INVOKE_TIMEOUT_MS, () => new Error('the invocation did not answer in time')) };
      } catch (error) {
        return { ok: false, detail: messageOf(error) };
      }
    },
    searchLog(log: LogInfo, since: Date, text: string): Promise<Read<string[]>> {
      return readOf('searchLogs', async () => {
        const response = await clients.logSearch.searchLogs({
          searchLogsDetails: { timeStart: since, timeEnd: new Date(), searchQuery: `search "${log.compartmentId}/${log.logGroupId}/${log.id}"`, isReturnFieldInfo: false },
          limit: 1000,
        });
        return (response.searchResponse.results ?? []).map((result) => JSON.stringify(result.data)).filter((line) => line.includes(text));
      });
    },
  };
}

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ControlPlane } from './control-plane';
import { ObjectStore } from './object-store';
import { RequestHandler } from './server';
import { StreamStore } from './stream-store';
import type { Emulator, EmulatorOptions } from './types';

export type { Tenancy } from './control-plane';
export type {
  ArchivalState,
  Emulator,
  EmulatorOptions,
  EntryFailure,
  Fault,
  FunctionTarget,
  Operation,
  PutObjectOptions,
  RequestRecord,
  StoredMessage,
} from './types';

/** Starts one HTTP server that answers both the Object Storage and the Streaming APIs. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const partitions = options.partitions ?? 1;
  if (!Number.isInteger(partitions) || partitions < 1) throw new Error('partitions must be a positive integer');
  const objects = new ObjectStore();
  const streams = new StreamStore({ partitions, partitionBytesPerSecond: options.partitionBytesPerSecond ?? null });
  const handler = new RequestHandler(options, objects, streams, {
    maxRequestBytes: options.maxRequestBytes ?? 1_000_000,
    maxMessageBytes: options.maxMessageBytes ?? 1_000_000,
  }, options.namespace ?? 'examplens', options.maxListPage);
  handler.controlPlane = new ControlPlane(objects, (functionId) => handler.functions.get(functionId)?.target, () => handler.baseUrl);
  const handle = (req: IncomingMessage, res: ServerResponse) => void handler.handle(req, res);
  const server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, handle) : createServer(handle);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${address.port}`;
  handler.baseUrl = url;

  return {
    url,
    putObject: (namespace, bucket, name, body, opts) => {
      const version = objects.put({ namespace, bucket, name }, body, opts);
      return { eTag: version.eTag, versionId: version.versionId };
    },
    deleteObject: (namespace, bucket, name) => objects.delete({ namespace, bucket, name }),
    createBucket: (namespace, bucket) => objects.createBucket(namespace, bucket),
    registerFunction: (target, id) => {
      const functionId = id ?? `ocid1.fnfunc.oc1.iad.${randomBytes(20).toString('hex')}`;
      handler.functions.set(functionId, { id: functionId, displayName: 'fn-streaming', target });
      return functionId;
    },
    createStream: (name, id) => streams.create(name, id),
    setTenancy: (tenancy) => handler.controlPlane?.set(tenancy),
    messages: (streamId) => streams.messages(streamId),
    takeMessages: (streamId) => streams.take(streamId),
    injectFault: (fault) => handler.faults.add(fault),
    clearFaults: () => handler.faults.clear(),
    requests: () => handler.records.map((record) => ({ ...record })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        handler.cancelTimers();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from the SDK's fetch would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

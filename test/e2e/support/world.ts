import { randomUUID } from 'node:crypto';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { startFunction, type InvokeOptions, type InvokeResult, type RunningFunction } from '../../harness';
import { createTestCredentials, resourcePrincipalEnv, type TestCredentials } from '../../support/credentials';
import { eventFor, type EventFixture } from '../../support/events';

export const NAMESPACE = 'examplens';
export const BUCKET = 'uploads';

export interface WorldOptions {
  config?: Record<string, string>;
  emulator?: EmulatorOptions;
  nodeArgs?: string[];
  credentials?: TestCredentials;
}

/**
 * The local world of one end-to-end test: the emulator on loopback, and the built function
 * started as the Fn agent starts it, authenticating as a resource principal.
 */
export interface World {
  emulator: Emulator;
  fn: RunningFunction;
  streamId: string;
  credentials: TestCredentials;
  upload(name: string, bytes: Buffer, options?: { contentType?: string; bucket?: string }): { eTag: string; versionId: string };
  /** Uploads and fires the matching create event through the Fn harness. */
  uploadAndInvoke(name: string, bytes: Buffer, invoke?: InvokeOptions): Promise<InvokeResult>;
  invokeEvent(fixture: EventFixture, target: { name: string; eTag?: string; versionId?: string; archivalState?: string; bucket?: string }, invoke?: InvokeOptions): Promise<InvokeResult>;
  stop(): Promise<void>;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const credentials = options.credentials ?? createTestCredentials();
  const emulator = await startEmulator({ trustedIssuerPublicKeyPem: credentials.issuerPublicKeyPem, ...options.emulator });
  const streamId = emulator.createStream('e2e');
  let fn: RunningFunction;
  try {
    fn = await startFunction({
      env: {
        ...resourcePrincipalEnv(credentials),
        OCI_STREAM_OCID: streamId,
        OCI_STREAM_ENDPOINT: emulator.url,
        OCI_OBJECTSTORAGE_ENDPOINT: emulator.url,
        ...options.config,
      },
      ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
    });
  } catch (error) {
    await emulator.close();
    throw error;
  }

  const invokeEvent: World['invokeEvent'] = (fixture, target, invoke) =>
    fn.invoke(eventFor(fixture, { namespace: NAMESPACE, bucket: target.bucket ?? BUCKET, eventId: randomUUID(), ...target }), invoke);

  return {
    emulator,
    fn,
    streamId,
    credentials,
    upload: (name, bytes, upload = {}) =>
      emulator.putObject(NAMESPACE, upload.bucket ?? BUCKET, name, bytes, upload.contentType ? { contentType: upload.contentType } : {}),
    uploadAndInvoke: async (name, bytes, invoke) => {
      const { eTag } = emulator.putObject(NAMESPACE, BUCKET, name, bytes);
      return invokeEvent('createobject-unversioned', { name, eTag }, invoke);
    },
    invokeEvent,
    stop: async () => {
      await fn.stop();
      await emulator.close();
    },
  };
}

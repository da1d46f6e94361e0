import { randomUUID } from 'node:crypto';
import { startEmulator, type ArchivalState, type Emulator, type EmulatorOptions } from '../../emulator';
import { startFunction, type InvokeOptions, type InvokeResult, type RunningFunction, type StartFunctionOptions } from '../../harness';
import { apiKeyEnv, createTestCredentials, resourcePrincipalEnv, type TestCredentials } from '../../support/credentials';
import { eventFor, type EventFixture } from '../../support/events';

export const NAMESPACE = 'examplens';
export const BUCKET = 'uploads';

export interface WorldOptions {
  /** Function config; `undefined` leaves a setting unset (even one the world sets by default). */
  config?: Record<string, string | undefined>;
  emulator?: EmulatorOptions;
  nodeArgs?: string[];
  /** The script to start and its working directory (default: dist/func.js, in its folder). */
  entry?: string;
  cwd?: string;
  /** How the process is started when not by this machine's node (an image's, in its root filesystem). */
  launch?: Omit<StartFunctionOptions, 'env' | 'entry' | 'cwd' | 'nodeArgs'>;
  credentials?: TestCredentials;
  /**
   * `resource_principal` (default) as inside OCI Functions; `api_key` runs as a local developer
   * would: the original sample's API-key variables, OCI_AUTH=api_key, and the emulator trusting
   * that key.
   */
  auth?: 'resource_principal' | 'api_key';
}

export interface EventTargetInWorld {
  name: string;
  eTag?: string;
  versionId?: string;
  archivalState?: string;
  bucket?: string;
  namespace?: string;
  eventId?: string;
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
  upload(
    name: string,
    bytes: Buffer,
    options?: { contentType?: string; bucket?: string; namespace?: string; archivalState?: ArchivalState },
  ): { eTag: string; versionId: string };
  /** Uploads and fires the matching create event through the Fn harness. */
  uploadAndInvoke(name: string, bytes: Buffer, invoke?: InvokeOptions): Promise<InvokeResult>;
  /** The sample event aimed at an object of this world (a fresh eventID unless given). */
  eventFor(fixture: EventFixture, target: EventTargetInWorld): Record<string, any>;
  invokeEvent(fixture: EventFixture, target: EventTargetInWorld, invoke?: InvokeOptions): Promise<InvokeResult>;
  stop(): Promise<void>;
}

function authEnv(auth: WorldOptions['auth'], credentials: TestCredentials): Record<string, string> {
  return auth === 'api_key' ? { ...apiKeyEnv(credentials), OCI_AUTH: 'api_key' } : resourcePrincipalEnv(credentials);
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const credentials = options.credentials ?? createTestCredentials();
  const trustedApiKeys =
    options.auth === 'api_key' ? [{ keyId: credentials.apiKey.keyId, publicKeyPem: credentials.apiKey.publicKeyPem }] : [];
  const emulator = await startEmulator({ trustedIssuerPublicKeyPem: credentials.issuerPublicKeyPem, trustedApiKeys, ...options.emulator });
  const streamId = emulator.createStream('e2e');
  let fn: RunningFunction;
  try {
    fn = await startFunction({
      ...options.launch,
      env: definedOnly({
        ...authEnv(options.auth, credentials),
        OCI_STREAM_OCID: streamId,
        OCI_STREAM_ENDPOINT: emulator.url,
        OCI_OBJECTSTORAGE_ENDPOINT: emulator.url,
        ...options.config,
      }),
      ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
      ...(options.entry ? { entry: options.entry } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
  } catch (error) {
    await emulator.close();
    throw error;
  }

  const worldEventFor: World['eventFor'] = (fixture, target) =>
    eventFor(fixture, { eventId: randomUUID(), ...target, namespace: target.namespace ?? NAMESPACE, bucket: target.bucket ?? BUCKET });
  const invokeEvent: World['invokeEvent'] = (fixture, target, invoke) => fn.invoke(worldEventFor(fixture, target), invoke);

  return {
    emulator,
    fn,
    streamId,
    credentials,
    upload: (name, bytes, upload = {}) =>
      emulator.putObject(upload.namespace ?? NAMESPACE, upload.bucket ?? BUCKET, name, bytes, {
        ...(upload.contentType ? { contentType: upload.contentType } : {}),
        ...(upload.archivalState ? { archivalState: upload.archivalState } : {}),
      }),
    uploadAndInvoke: async (name, bytes, invoke) => {
      const { eTag } = emulator.putObject(NAMESPACE, BUCKET, name, bytes);
      return invokeEvent('createobject-unversioned', { name, eTag }, invoke);
    },
    eventFor: worldEventFor,
    invokeEvent,
    stop: async () => {
      await fn.stop();
      await emulator.close();
    },
  };
}

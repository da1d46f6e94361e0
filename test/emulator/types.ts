import type { Tenancy } from './control-plane/tenancy';

export type ArchivalState = 'Available' | 'Archived' | 'Restoring' | 'Restored';

export interface EmulatorOptions {
  host?: string;
  port?: number;
  /** When set, ST$ session tokens must carry a valid RS256 signature by this key. */
  trustedIssuerPublicKeyPem?: string;
  trustedApiKeys?: Array<{ keyId: string; publicKeyPem: string }>;
  partitions?: number;
  /** Per-partition write limit in bytes/s (the service's is 1_000_000); null = unlimited. */
  partitionBytesPerSecond?: number | null;
  maxRequestBytes?: number;
  maxMessageBytes?: number;
  /** Most objects one listObjects page holds, whatever the limit asked (the service may answer fewer). */
  maxListPage?: number;
  /** What getNamespace answers (the tenancy's namespace); default `examplens`. */
  namespace?: string;
  /** Serve https with this certificate and key instead of http. */
  tls?: { cert: string; key: string };
}

export type Operation =
  | 'getObject'
  | 'headObject'
  | 'putObject'
  | 'createPar'
  | 'putMessages'
  | 'createCursor'
  | 'getMessages'
  | 'listObjects'
  | 'getNamespace'
  | 'getFunction'
  | 'invokeFunction';

/** Operations that appear in requests() but cannot be faulted. */
export type RecordedOperation = Operation | 'parGetObject' | 'parHeadObject' | 'unknown';

export interface EntryFailure {
  index: number;
  error: string;
  errorMessage: string;
}

export interface Fault {
  operation: Operation;
  times?: number;
  status?: number;
  code?: string;
  delayMs?: number;
  reset?: boolean;
  entryFailures?: EntryFailure[];
  failAllEntries?: { error: string; errorMessage: string };
  truncateBodyAfterBytes?: number;
  /** A stalled peer: the request is taken and never answered; its connection stays open until the client closes it. */
  stall?: boolean;
  /** getObject only: headers and this many body bytes are sent, then nothing more, the connection left open. */
  stallBodyAfterBytes?: number;
  /**
   * putMessages only: the fault applies only to requests with an entry whose value (decoded)
   * contains this text, e.g. '"delivery":"reference"'; other requests pass it by untouched.
   */
  whenValueIncludes?: string;
}

export interface RequestRecord {
  method: string;
  path: string;
  operation: string;
  /** 0 when the socket was destroyed without an answer. */
  status: number;
  keyId?: string;
  signatureValid: boolean;
  durationMs: number;
  /** For a stalled request: when its connection was closed (by the client), from the request's start. */
  socketClosedAfterMs?: number;
}

export interface StoredMessage {
  partition: number;
  offset: number;
  key: Buffer | null;
  value: Buffer;
  timestamp: Date;
}

export interface PutObjectOptions {
  contentType?: string;
  archivalState?: ArchivalState;
}

/** A function the emulator's invoke endpoint forwards to: the body in, the function's HTTP answer out. */
export type FunctionTarget = (body: Buffer) => Promise<{ status: number; body: string }>;

export interface Emulator {
  url: string;
  putObject(
    namespace: string,
    bucket: string,
    name: string,
    body: Buffer,
    opts?: PutObjectOptions,
  ): { eTag: string; versionId: string };
  deleteObject(namespace: string, bucket: string, name: string): void;
  /** A bucket with nothing in it yet (putObject creates buckets as it goes). */
  createBucket(namespace: string, bucket: string): void;
  /** Makes a function invocable at `POST /20181201/functions/{id}/actions/invoke`; answers its OCID. */
  registerFunction(target: FunctionTarget, id?: string): string;
  /** The control plane the doctor reads (functions, streams, network, buckets, rules, IAM, logs); see control-plane/. */
  setTenancy(tenancy: Tenancy): void;
  /** `id` is an extension for scripted demos that need a predictable OCID. */
  createStream(name?: string, id?: string): string;
  messages(streamId: string): StoredMessage[];
  /** The messages stored since the last take; the emulator then forgets their values (offsets stay). */
  takeMessages(streamId: string): StoredMessage[];
  injectFault(fault: Fault): void;
  clearFaults(): void;
  requests(): RequestRecord[];
  close(): Promise<void>;
}

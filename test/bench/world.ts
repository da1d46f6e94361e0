import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmulator, type Emulator } from '../emulator';
import { startFunction, type RunningFunction } from '../harness';
import { resourcePrincipalEnv, type TestCredentials } from '../support/credentials';
import { BUCKET, NAMESPACE } from '../e2e/support/world';
import type { Subject } from './subjects';

export { BUCKET, NAMESPACE };

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Fine enough to time a start of about 100 ms. */
const READY_POLL_MS = 1;

/**
 * One emulator with one stream and its rate limit off, and pacing raised in the function's
 * configuration: the figures are of the function's own work, not of the waits it is told to make.
 */
export interface BenchWorld {
  emulator: Emulator;
  streamId: string;
  start(subject: Subject, nodeBinary: string): Promise<{ fn: RunningFunction; startedAt: number; listeningAt: number }>;
  close(): Promise<void>;
}

export async function startBenchWorld(credentials: TestCredentials): Promise<BenchWorld> {
  const emulator = await startEmulator({ trustedIssuerPublicKeyPem: credentials.issuerPublicKeyPem, partitionBytesPerSecond: null });
  const streamId = emulator.createStream('bench');
  const env = {
    ...resourcePrincipalEnv(credentials),
    OCI_STREAM_OCID: streamId,
    OCI_STREAM_ENDPOINT: emulator.url,
    OCI_OBJECTSTORAGE_ENDPOINT: emulator.url,
    PUBLISH_BYTES_PER_SECOND: String(1e12),
    ALLOWED_BUCKETS: BUCKET,
  };
  const running: RunningFunction[] = [];
  return {
    emulator,
    streamId,
    start: async (subject, nodeBinary) => {
      const startedAt = performance.now();
      const fn = await startFunction({
        nodeBinary,
        ...subject.launch,
        env: { ...subject.env, ...env },
        readyPollMs: READY_POLL_MS,
      });
      const listeningAt = performance.now();
      running.push(fn);
      return { fn, startedAt, listeningAt };
    },
    close: async () => {
      await Promise.all(running.map((fn) => fn.stop()));
      await emulator.close();
    },
  };
}

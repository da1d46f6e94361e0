import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmulator, type Emulator } from '../emulator';
import { startFunction, type RunningFunction } from '../harness';
import { resourcePrincipalEnv, type TestCredentials } from '../support/credentials';
import { BUCKET, NAMESPACE } from '../e2e/support/world';

export { BUCKET, NAMESPACE };

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** The node the harness starts the function with; every other child of the bench uses it too. */
export const NODE_BINARY = process.env['FN_TEST_NODE'] ?? process.execPath;

/**
 * The node flags the production image starts the function with. Read from the Dockerfile when
 * there is one, so the bench follows the image; otherwise a heap sized for a 128 MB function.
 */
export function productionNodeArgs(): { args: string[]; source: string } {
  const dockerfile = join(REPO_ROOT, 'Dockerfile');
  if (!existsSync(dockerfile)) return { args: ['--max-old-space-size=64'], source: 'no Dockerfile: assumed --max-old-space-size=64' };
  const flags = readFileSync(dockerfile, 'utf8').match(/--max-(old|semi)-space-size=\d+/g) ?? [];
  return { args: [...new Set(flags)], source: `Dockerfile (${flags.length > 0 ? flags.join(' ') : 'no heap flags'})` };
}

/** Pacing off on both sides (emulator below), so the figures are of the function's own work. */
const UNPACED_CONFIG = {
  PUBLISH_BYTES_PER_SECOND: String(1e12),
  ALLOWED_BUCKETS: BUCKET,
};

/** One emulator with one stream; every function started here is a fresh process. */
export interface BenchWorld {
  emulator: Emulator;
  streamId: string;
  env: Record<string, string>;
  startFn(options?: { nodeBinary?: string }): Promise<{ fn: RunningFunction; startMs: number }>;
  close(): Promise<void>;
}

export async function startBenchWorld(credentials: TestCredentials, nodeArgs: string[]): Promise<BenchWorld> {
  const emulator = await startEmulator({ trustedIssuerPublicKeyPem: credentials.issuerPublicKeyPem, partitionBytesPerSecond: null });
  const streamId = emulator.createStream('bench');
  const env = {
    ...resourcePrincipalEnv(credentials),
    OCI_STREAM_OCID: streamId,
    OCI_STREAM_ENDPOINT: emulator.url,
    OCI_OBJECTSTORAGE_ENDPOINT: emulator.url,
    ...UNPACED_CONFIG,
  };
  const running: RunningFunction[] = [];
  return {
    emulator,
    streamId,
    env,
    startFn: async (options = {}) => {
      const started = performance.now();
      const fn = await startFunction({
        env,
        nodeArgs,
        ...(options.nodeBinary ? { nodeBinary: options.nodeBinary } : {}),
      });
      const startMs = performance.now() - started;
      running.push(fn);
      return { fn, startMs };
    },
    close: async () => {
      await Promise.all(running.map((fn) => fn.stop()));
      await emulator.close();
    },
  };
}

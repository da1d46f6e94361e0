/**
 * Child process of the SDK-patch bench: `node --import tsx putMessagesProbe.ts patched|unpatched`
 * with the function's resource-principal environment plus BENCH_STREAM_ENDPOINT and
 * BENCH_STREAM_ID. Sends PutMessages requests of one ~0.9 MB message through a real StreamClient
 * and prints one JSON line: time per request and how much the process grew.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createAuthProvider } from '../../src/adapters/oci/auth';
import { createOciClients } from '../../src/adapters/oci/clients';
import { patchSdkEmptyBodyCheck } from '../../src/adapters/oci/sdkPatches';

const VALUE_BYTES = 900_000;
const REQUESTS = 5;

export interface ProbeResult {
  patched: boolean;
  requests: number;
  valueBytes: number;
  /** The serialized PutMessages body, the string the SDK's isEmpty walks. */
  bodyBytes: number;
  msPerRequest: number[];
  rssBeforeKb: number;
  rssAfterKb: number;
  peakKb: number;
}

function vmHwmKb(): number {
  return Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? Number.NaN);
}

async function main(): Promise<void> {
  const patched = process.argv[2] === 'patched';
  if (patched) patchSdkEmptyBodyCheck();
  const streamId = process.env['BENCH_STREAM_ID']!;
  const { stream } = createOciClients(createAuthProvider('resource_principal', process.env), { stream: process.env['BENCH_STREAM_ENDPOINT']! });
  const put = async (value: Buffer) => {
    const response = await stream.putMessages({
      streamId,
      putMessagesDetails: { messages: [{ key: Buffer.from('bench').toString('base64'), value: value.toString('base64') }] },
    });
    if (response.putMessagesResult.failures !== 0) throw new Error('PutMessages reported failed entries');
  };

  // A small request first loads fetch, signing and auth, so what follows is the big body's cost.
  await put(Buffer.from('warm-up'));
  const value = randomBytes(VALUE_BYTES);
  const rssBeforeKb = Math.round(process.memoryUsage().rss / 1024);
  const msPerRequest: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    await put(value);
    msPerRequest.push(performance.now() - started);
  }
  const result: ProbeResult = {
    patched,
    requests: REQUESTS,
    valueBytes: VALUE_BYTES,
    bodyBytes: Buffer.byteLength(JSON.stringify({ messages: [{ key: 'YmVuY2g=', value: value.toString('base64') }] })),
    msPerRequest,
    rssBeforeKb,
    rssAfterKb: Math.round(process.memoryUsage().rss / 1024),
    peakKb: vmHwmKb(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

/**
 * `npm run bench:replay [-- --direct] [-- --objects 10000,100000]`: the peak resident memory of
 * `npm run replay` (the built dist/replay.js, run as an operator runs it) over buckets of 10,000
 * and 100,000 objects in the emulator. By default a dry run, which lists every object and prints a
 * line for each; with --direct, a backfill through the function's handler that reads and publishes
 * every object. The listing is read a page (1,000 objects) at a time, so the peak should not grow
 * with the bucket.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator, type Emulator } from '../emulator';
import { markedContent } from '../support/content';
import { apiKeyEnv, createTestCredentials, type TestCredentials } from '../support/credentials';

const REPLAY_ENTRY = resolve(__dirname, '..', '..', 'dist', 'replay.js');
const NAMESPACE = 'examplens';
const USAGE = 'usage: npm run bench:replay [-- --direct] [-- --objects 10000,100000]';
const OBJECT_BYTES = 200;

/** Writes the process's peak RSS (kB, from getrusage) to PEAK_RSS_FILE as it exits, however it exits. */
const PEAK_RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));",
)}`;

function options(): { direct: boolean; counts: number[] } {
  let values;
  try {
    ({ values } = parseArgs({ options: { direct: { type: 'boolean' }, objects: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`, { cause: error });
  }
  const counts = (values.objects ?? '10000,100000').split(',').map(Number);
  if (counts.some((count) => !Number.isInteger(count) || count < 1 || count > 1_000_000)) throw new Error(`--objects takes whole numbers from 1 to 1000000, got '${values.objects}'\n${USAGE}`);
  return { direct: values.direct ?? false, counts };
}

interface Measured {
  objects: number;
  peakRssMb: number;
  seconds: number;
  lastLine: string;
}

async function measure(emulator: Emulator, credentials: TestCredentials, streamId: string, count: number, direct: boolean, dir: string): Promise<Measured> {
  const bucket = `bench-${count}`;
  emulator.createBucket(NAMESPACE, bucket);
  const content = markedContent(OBJECT_BYTES);
  for (let index = 0; index < count; index++) emulator.putObject(NAMESPACE, bucket, `objects/${String(index).padStart(7, '0')}.txt`, content);
  const peakFile = join(dir, `peak-${count}`);
  const argv = ['--bucket', bucket, ...(direct ? ['--direct', '--concurrency', '8'] : ['--dry-run'])];
  const env = {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    ...apiKeyEnv(credentials),
    OCI_AUTH: 'api_key',
    OCI_OBJECTSTORAGE_ENDPOINT: emulator.url,
    OCI_STREAM_ENDPOINT: emulator.url,
    OCI_STREAM_OCID: streamId,
    PUBLISH_BYTES_PER_SECOND: '1000000000',
    PEAK_RSS_FILE: peakFile,
  };
  const startedAt = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--import', PEAK_RSS_HOOK, REPLAY_ENTRY, ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let lastLine = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = chunk.trimEnd().split('\n');
    lastLine = lines.at(-1) || lastLine;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((done) => child.once('close', done));
  if (code !== 0) throw new Error(`replay ${argv.join(' ')} exited ${code}: ${lastLine}\n${stderr}`);
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  emulator.takeMessages(streamId);
  return { objects: count, peakRssMb: Number(readFileSync(peakFile, 'utf8')) / 1024, seconds, lastLine };
}

async function main(): Promise<void> {
  const { direct, counts } = options();
  const credentials = createTestCredentials();
  const emulator = await startEmulator({ trustedApiKeys: [{ keyId: credentials.apiKey.keyId, publicKeyPem: credentials.apiKey.publicKeyPem }] });
  const streamId = emulator.createStream('bench-replay');
  const dir = mkdtempSync(join(tmpdir(), 'bench-replay-'));
  try {
    console.log(`npm run replay -- --bucket B ${direct ? '--direct --concurrency 8' : '--dry-run'}, objects of ${OBJECT_BYTES} B, node ${process.version}`);
    const results: Measured[] = [];
    for (const count of counts) {
      const result = await measure(emulator, credentials, streamId, count, direct, dir);
      results.push(result);
      console.log(`  ${String(count).padStart(7)} objects: peak RSS ${result.peakRssMb.toFixed(1)} MB, ${result.seconds.toFixed(1)} s  (${result.lastLine.trim()})`);
    }
    if (results.length > 1) {
      const first = results[0]!;
      const last = results.at(-1)!;
      console.log(`  ${last.objects / first.objects}x the objects: ${(last.peakRssMb - first.peakRssMb >= 0 ? '+' : '') + (last.peakRssMb - first.peakRssMb).toFixed(1)} MB peak RSS`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});

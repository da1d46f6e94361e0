import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { StreamClient } from 'oci-streaming';
import { createAuthProvider } from '../../src/adapters/oci/auth';
import { Assembler, type Assembled } from '../../src/consume/assembler';
import { FileWriter } from '../../src/consume/fileWriter';
import { readStream } from '../../src/consume/readStream';
import { startEmulator, type Emulator } from '../emulator';
import { DEFAULT_ENTRY, startFunction, type InvokeResult } from '../harness';
import { base64MarkerForms, CONTENT_MARKER, markedContent } from '../support/content';
import { apiKeyEnv, createTestCredentials, resourcePrincipalEnv } from '../support/credentials';
import { eventFor, type EventFixture } from '../support/events';
import { backfillSection } from './backfill';
import { bytes, heading, pairs, shortSha, table } from './format';

/**
 * `npm run demo`: the whole product on one machine, with no OCI account and no Docker. The built
 * function runs as the Fn agent runs it, against the local Object Storage + Streaming emulator;
 * the stream is then read back with the consumer that `npm run consume` runs, and every upload is
 * checked byte for byte.
 */

export const NAMESPACE = 'examplens';
export const BUCKET = 'uploads';
/** A bucket the function is not allowed to read: its event must be refused before any read. */
export const REFUSED_BUCKET = 'payroll';
/** Fast enough that the chunked upload takes milliseconds, not the service's 1 MB/s. */
const PUBLISH_BYTES_PER_SECOND = 100_000_000;

export interface Sample {
  name: string;
  contentType: string;
  delivery: 'inline' | 'chunked';
  bytes: Buffer;
}

const CSV = `region,quarter,orders,revenue_eur
north,2026-Q1,1204,98210.50
south,2026-Q1,987,80113.25
east,2026-Q1,1530,121877.00
west,2026-Q1,1122,90450.75
`;

/** The names the demo uploads to `uploads`; every one must come back verified. */
export const SAMPLE_NAMES = ['hello.txt', 'reports/2026/q1-sales.csv', 'notes/Grüße aus Köln – café menu.txt', 'media/large-sample.bin'] as const;

function samples(): Sample[] {
  const [hello, csv, unicode, large] = SAMPLE_NAMES;
  return [
    { name: hello, contentType: 'text/plain; charset=utf-8', delivery: 'inline', bytes: Buffer.from('Hello from Object Storage, by way of a stream.\n') },
    { name: csv, contentType: 'text/csv', delivery: 'inline', bytes: Buffer.from(CSV) },
    { name: unicode, contentType: 'text/plain; charset=utf-8', delivery: 'inline', bytes: Buffer.from('Frühstück: Croissant, Café crème, Brötchen – 12,50 €\n') },
    // Larger than one message (1,000,000 bytes with its base64 envelope), so it goes in chunks.
    { name: large, contentType: 'application/octet-stream', delivery: 'chunked', bytes: markedContent(3 * 1024 * 1024) },
  ];
}

export interface DemoOptions {
  /** Aborting stops the function and closes the emulator at once (main.ts wires SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Keep the folder of rebuilt objects (default true; its path is printed). */
  keepOutput?: boolean;
  /**
   * Called after the uploads, before any event is fired: the seam through which a test breaks
   * the world (overwrites an object, injects a fault) to prove the demo then fails.
   */
  afterUploads?: (emulator: Emulator) => void;
}

export interface DemoResult {
  ok: boolean;
  problems: string[];
  /** Object names rebuilt from the stream whose sha256 matched both the message and the upload. */
  verified: string[];
  outputDir: string | undefined;
}

type Print = (line: string) => void;

/** Runs cleanup steps once, newest first; a step added after cleanup began runs at once. */
class Cleanup {
  private readonly steps: Array<() => Promise<void> | void> = [];
  private running: Promise<void> | undefined;

  constructor(private readonly print: Print) {}

  add(step: () => Promise<void> | void): void {
    if (this.running) void this.attempt(step);
    else this.steps.push(step);
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) await this.attempt(step);
    })();
    return this.running;
  }

  private async attempt(step: () => Promise<void> | void): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.print(`cleanup step failed: ${messageOf(error)}`);
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

interface EventPlan {
  label: string;
  fixture: EventFixture;
  bucket: string;
  name: string;
  eTag?: string;
  expect: { http: 200; delivery: 'inline' | 'chunked' | 'none' } | { http: 502; mentions: string };
}

interface Fired {
  plan: EventPlan;
  result: InvokeResult;
}

function answerText(result: InvokeResult): string {
  const answer = result.json as any;
  if (result.status === 200 && answer?.status === 'published') {
    return `published ${answer.delivery}, ${answer.messages} message${answer.messages === 1 ? '' : 's'}, ${bytes(answer.bytes)}`;
  }
  if (result.status === 200 && answer?.status === 'skipped') return `skipped: ${answer.reason}`;
  const detail = errorDetail(result);
  return `error: ${detail.split(':')[0]} (detail below)`;
}

/** The fdk answers a thrown error with HTTP 502 and the error's text in `detail`. */
function errorDetail(result: InvokeResult): string {
  const detail = (result.json as any)?.detail;
  return typeof detail === 'string' ? detail : result.rawBody.slice(0, 300);
}

/** Why the answer is not the one the plan expects, or undefined when it is. */
function answerProblem(fired: Fired): string | undefined {
  const { plan, result } = fired;
  const answer = result.json as any;
  const where = `${plan.label} ${plan.bucket}/${plan.name}`;
  if (result.status !== plan.expect.http) return `${where}: expected HTTP ${plan.expect.http}, got ${result.status}: ${result.rawBody.slice(0, 300)}`;
  if (plan.expect.http === 200) {
    if (answer?.status !== 'published' || answer.delivery !== plan.expect.delivery) {
      return `${where}: expected published ${plan.expect.delivery}, got ${result.rawBody.slice(0, 300)}`;
    }
    return undefined;
  }
  return errorDetail(result).includes(plan.expect.mentions) ? undefined : `${where}: the refusal does not name ${plan.expect.mentions}: ${result.rawBody.slice(0, 300)}`;
}

/** Probes for each sample's bytes in the function's output: text, base64, and the test marker. */
function leakedSamples(output: string, uploads: readonly Sample[]): string[] {
  return uploads
    .filter((sample) => {
      const probes = [sample.bytes.subarray(0, 48).toString('base64')];
      if (sample.contentType.startsWith('text/')) probes.push(sample.bytes.toString('utf8').split('\n')[0]!);
      if (sample.bytes.includes(CONTENT_MARKER)) probes.push(CONTENT_MARKER, ...base64MarkerForms());
      return probes.some((probe) => probe.length > 8 && output.includes(probe));
    })
    .map((sample) => sample.name);
}

function abridge(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}

/** The few fields of a log entry that say what happened, for one table cell. */
function logDetails(entry: Record<string, unknown>): string {
  if (typeof entry['error'] === 'string') return abridge(entry['error']);
  if (typeof entry['text'] === 'string') return abridge(entry['text']);
  const parts = ['outcome', 'delivery', 'messages', 'attempt', 'delayMs', 'totalMs']
    .filter((field) => entry[field] !== undefined)
    .map((field) => `${field}=${String(entry[field])}`);
  return parts.join(' ');
}

type Rebuilt = Extract<Assembled, { kind: 'object' }>;
type Pointer = Extract<Assembled, { kind: 'pointer' }>;

/** The consumer's loop, as `npm run consume` runs it, keeping one table row per message. */
async function readBack(client: StreamClient, streamId: string, assembler: Assembler, problems: string[]) {
  const rows: string[][] = [];
  const rebuilt = new Map<string, Rebuilt>();
  const pointers: Pointer[] = [];
  const keys: string[] = [];
  for await (const message of readStream(client, { streamId, partitions: ['0'] })) {
    const result = await assembler.accept(message.value);
    const data = (JSON.parse(message.value.toString('utf8')) as any).data ?? {};
    const key = message.key ? message.key.toString('utf8') : '—';
    keys.push(key);
    const chunk = data.chunk as { index: number; count: number; offset: number; size: number } | undefined;
    const progress = chunk ? `${chunk.index + 1}/${chunk.count} ${Math.round(((chunk.offset + chunk.size) / data.object.size) * 100)}%` : '—';
    const content = data.content === undefined ? '—' : bytes(chunk ? chunk.size : Buffer.from(data.content, 'base64').length);
    let sees: string;
    switch (result.kind) {
      case 'object':
        rebuilt.set(result.name, result);
        sees = `object complete, sha256 ${result.verified ? 'verified' : 'MISMATCH'}`;
        if (!result.verified) problems.push(`${result.name}: rebuilt bytes do not match the message's sha256`);
        break;
      case 'chunk':
        sees = 'chunk kept, hashing as it goes';
        break;
      case 'pointer':
        pointers.push(result);
        sees = result.reason;
        break;
      case 'broken':
        sees = `BROKEN: ${result.problem}`;
        problems.push(`message p${message.partition}@${message.offset}: ${result.problem}`);
        break;
    }
    rows.push([`p${message.partition}@${message.offset}`, key, String(data.delivery ?? '?'), content, progress, sees]);
  }
  return { rows, rebuilt, pointers, keys };
}

/** What the function wrote, with the checks that none of it is object content. */
function functionLogSection(output: string, uploads: readonly Sample[], problems: string[]): string[] {
  const printed: string[] = [];
  const outputLines = output.split('\n').filter((line) => line.trim() !== '');
  const jsonLines = outputLines.filter((line) => {
    try {
      return typeof JSON.parse(line) === 'object';
    } catch {
      return false;
    }
  });
  const other = outputLines.filter((line) => !jsonLines.includes(line));
  const logged = jsonLines.map((line) => JSON.parse(line) as Record<string, unknown>);
  for (const line of heading('6. The function log (one JSON object per line, as OCI Logging receives it)')) printed.push(line);
  printed.push(`  ${jsonLines.length} JSON lines; the first in full:`);
  if (jsonLines[0] !== undefined) printed.push(`    ${jsonLines[0]}`);
  printed.push('  and all of them, abridged:');
  for (const line of table(
    [{ title: 'time' }, { title: 'level' }, { title: 'message' }, { title: 'object' }, { title: 'details' }],
    logged.map((entry) => [
      String(entry['time'] ?? '').slice(11, 23),
      String(entry['level'] ?? '?'),
      String(entry['message'] ?? ''),
      String(entry['object'] ?? ''),
      logDetails(entry),
    ]),
  )) printed.push(`  ${line}`);
  if (other.length > 0) {
    printed.push(`  ${other.length} other output line(s):`);
    for (const line of other.slice(0, 10)) printed.push(`    ${line}`);
  }
  const leaks = leakedSamples(output, uploads);
  printed.push(`  object content in the log: ${leaks.length === 0 ? 'none (checked for every upload)' : `FOUND for ${leaks.join(', ')}`}`);
  if (leaks.length > 0) problems.push(`object content reached the function log: ${leaks.join(', ')}`);
  return printed;
}

export async function runDemo(print: Print, options: DemoOptions = {}): Promise<DemoResult> {
  const started = performance.now();
  const { signal } = options;
  const cleanup = new Cleanup(print);
  const onAbort = () => void cleanup.run();
  signal?.addEventListener('abort', onAbort, { once: true });
  const problems: string[] = [];
  const verified: string[] = [];
  let outputDir: string | undefined;

  try {
    print('fn-streaming demo: Object Storage event -> function -> stream -> consumer, all on this machine');
    const credentials = createTestCredentials();
    cleanup.add(() => rm(credentials.dir, { recursive: true, force: true }));
    signal?.throwIfAborted();
    const emulator = await startEmulator({
      trustedIssuerPublicKeyPem: credentials.issuerPublicKeyPem,
      // The consumer signs with an API key, as `npm run consume` does on a laptop.
      trustedApiKeys: [{ keyId: credentials.apiKey.keyId, publicKeyPem: credentials.apiKey.publicKeyPem }],
    });
    cleanup.add(() => emulator.close());
    const streamId = emulator.createStream('demo');
    const config = {
      OCI_STREAM_OCID: streamId,
      OCI_STREAM_ENDPOINT: emulator.url,
      OCI_OBJECTSTORAGE_ENDPOINT: emulator.url,
      ALLOWED_BUCKETS: BUCKET,
      PUBLISH_BYTES_PER_SECOND: String(PUBLISH_BYTES_PER_SECOND),
    };
    signal?.throwIfAborted();
    const fn = await startFunction({ env: { ...resourcePrincipalEnv(credentials), ...config } });
    cleanup.add(() => fn.stop());
    signal?.throwIfAborted();

    for (const line of heading('1. Local world')) print(line);
    for (const line of pairs([
      ['emulator', `${emulator.url}  (Object Storage + Streaming, checks every request signature)`],
      ['stream', streamId],
      ['function', `${relative(process.cwd(), DEFAULT_ENTRY) || DEFAULT_ENTRY}, started as the Fn agent starts it (unix socket)`],
      ['credentials', `throw-away keys in ${credentials.dir} (removed at exit)`],
      ['function auth', 'resource principal (OCI_RESOURCE_PRINCIPAL_VERSION=2.2, session token + key)'],
      ['consumer auth', `API key ${credentials.apiKey.fingerprint}`],
    ])) print(line);
    print('  function config:');
    for (const line of pairs(Object.entries(config))) print(`  ${line}`);

    const uploads = samples();
    const eTags = new Map<string, string>();
    for (const sample of uploads) {
      eTags.set(sample.name, emulator.putObject(NAMESPACE, BUCKET, sample.name, sample.bytes, { contentType: sample.contentType }).eTag);
    }
    const refusedName = 'salaries-2026.csv';
    const refusedETag = emulator.putObject(NAMESPACE, REFUSED_BUCKET, refusedName, Buffer.from('name,salary\nalice,1\n'), { contentType: 'text/csv' }).eTag;
    for (const line of heading(`2. Uploads to ${NAMESPACE}/${BUCKET}`)) print(line);
    for (const line of table(
      [{ title: 'object' }, { title: 'content type' }, { title: 'size', align: 'right' }, { title: 'sha256' }],
      uploads.map((sample) => [sample.name, sample.contentType, bytes(sample.bytes.length), shortSha(sha256(sample.bytes))]),
    )) print(line);
    print(`  also ${NAMESPACE}/${REFUSED_BUCKET}/${refusedName}, in a bucket not on ALLOWED_BUCKETS`);

    options.afterUploads?.(emulator);

    const [hello] = SAMPLE_NAMES;
    const plans: EventPlan[] = [
      ...uploads.map((sample): EventPlan => ({
        label: 'create',
        fixture: 'createobject-unversioned',
        bucket: BUCKET,
        name: sample.name,
        eTag: eTags.get(sample.name)!,
        expect: { http: 200, delivery: sample.delivery },
      })),
      { label: 'delete', fixture: 'deleteobject', bucket: BUCKET, name: hello, expect: { http: 200, delivery: 'none' } },
      { label: 'create', fixture: 'createobject-unversioned', bucket: REFUSED_BUCKET, name: refusedName, eTag: refusedETag, expect: { http: 502, mentions: 'ALLOWED_BUCKETS' } },
    ];
    const fired: Fired[] = [];
    for (const plan of plans) {
      signal?.throwIfAborted();
      if (plan.fixture === 'deleteobject') emulator.deleteObject(NAMESPACE, plan.bucket, plan.name);
      const event = eventFor(plan.fixture, { namespace: NAMESPACE, bucket: plan.bucket, name: plan.name, eTag: plan.eTag, eventId: randomUUID() });
      fired.push({ plan, result: await fn.invoke(event) });
    }
    for (const line of heading('3. Events fired through the Fn harness (POST /call, as OCI Events would)')) print(line);
    for (const line of table(
      [{ title: '#', align: 'right' }, { title: 'event' }, { title: 'object' }, { title: 'HTTP', align: 'right' }, { title: 'ms', align: 'right' }, { title: 'answer' }],
      fired.map(({ plan, result }, index) => [
        String(index + 1),
        plan.label,
        `${plan.bucket}/${plan.name}`,
        String(result.status),
        result.durationMs.toFixed(0),
        answerText(result),
      ]),
    )) print(line);
    fired.forEach(({ result }, index) => {
      if (result.status !== 200) print(`  #${index + 1} detail: ${errorDetail(result)}`);
    });
    for (const item of fired) {
      const problem = answerProblem(item);
      if (problem) problems.push(problem);
    }
    const refusedReads = emulator
      .requests()
      .filter((request) => request.path.includes(`/b/${REFUSED_BUCKET}/`) && request.operation !== 'putObject');
    print(`  the refused event read nothing: ${refusedReads.length} request(s) to bucket ${REFUSED_BUCKET} reached the emulator`);
    if (refusedReads.length > 0) problems.push(`the refused event still read ${REFUSED_BUCKET}: ${refusedReads.map((r) => `${r.method} ${r.path}`).join(', ')}`);

    // The consumer is composed exactly as src/consume/cli.ts composes it, so the demo proves `npm run consume`.
    signal?.throwIfAborted();
    outputDir = await mkdtemp(join(tmpdir(), 'fn-streaming-demo-'));
    const keptDir = outputDir;
    if (options.keepOutput === false) cleanup.add(() => rm(keptDir, { recursive: true, force: true }));
    const client = new StreamClient({ authenticationDetailsProvider: createAuthProvider(undefined, apiKeyEnv(credentials)) });
    client.endpoint = emulator.url;
    cleanup.add(() => client.close());
    const assembler = new Assembler(new FileWriter(outputDir));
    const { rows, rebuilt, pointers, keys } = await readBack(client, streamId, assembler, problems);
    for (const line of heading('4. The stream read back by the consumer (src/consume: readStream + Assembler, API-key auth, partition 0)')) print(line);
    for (const line of table(
      [{ title: 'at' }, { title: 'key' }, { title: 'delivery' }, { title: 'content', align: 'right' }, { title: 'chunk' }, { title: 'consumer sees' }],
      rows,
    )) print(line);
    for (const eventId of assembler.incomplete()) problems.push(`chunks of event ${eventId} stop before the last one`);
    const published = fired.reduce((sum, { result }) => sum + (result.status === 200 ? Number((result.json as any)?.messages ?? 0) : 0), 0);
    if (rows.length !== published) problems.push(`the answers report ${published} messages written, the stream holds ${rows.length}`);
    if (keys.some((key) => key.includes(`/${REFUSED_BUCKET}/`))) problems.push(`a message for the refused bucket ${REFUSED_BUCKET} reached the stream`);
    if (!pointers.some((pointer) => pointer.delivery === 'none' && pointer.name === hello)) problems.push(`no delete message (delivery none) for ${hello}`);

    const checks: string[][] = [];
    for (const sample of uploads) {
      const object = rebuilt.get(sample.name);
      if (!object) {
        problems.push(`${sample.name}: never rebuilt from the stream`);
        checks.push([sample.name, '—', '—', '—', 'MISSING from the stream']);
        continue;
      }
      const uploadSha = sha256(sample.bytes);
      const file = await readFile(join(outputDir, sample.name)).catch(() => undefined);
      const fileOk = file !== undefined && sha256(file) === uploadSha;
      const matches = object.sha256 === uploadSha && object.size === sample.bytes.length;
      const deliveryOk = object.delivery === sample.delivery;
      if (!matches) problems.push(`${sample.name}: rebuilt sha256 ${object.sha256} differs from the upload's ${uploadSha}`);
      if (!fileOk) problems.push(`${sample.name}: the file the consumer wrote is missing or differs from the upload`);
      if (!deliveryOk) problems.push(`${sample.name}: delivered ${object.delivery}, expected ${sample.delivery}`);
      if (object.verified && matches && fileOk && deliveryOk) verified.push(sample.name);
      checks.push([
        sample.name,
        object.delivery,
        bytes(object.size),
        shortSha(object.sha256),
        [
          `sha256 ${object.verified ? 'verified' : 'MISMATCH'}`,
          matches ? 'matches upload' : 'DIFFERS from upload',
          fileOk ? 'file identical' : 'file MISSING or different',
        ].join(', '),
      ]);
    }
    for (const line of heading('5. Objects rebuilt, checked against the uploaded bytes')) print(line);
    for (const line of table(
      [{ title: 'object' }, { title: 'delivery' }, { title: 'size', align: 'right' }, { title: 'sha256' }, { title: 'check' }],
      checks,
    )) print(line);
    print(`  rebuilt files: ${outputDir}${options.keepOutput === false ? ' (removed at exit)' : ''}`);

    for (const line of functionLogSection(fn.output(), uploads, problems)) print(line);

    for (const line of heading('7. The same consumer against a real stream')) print(line);
    print('  Step 4 is what `npm run consume` runs. With your ~/.oci/config (or OCI_CONFIG_PROFILE / API-key variables):');
    print('    npm run consume -- --endpoint https://cell-1.streaming.<region>.oci.oraclecloud.com --stream <stream OCID> --out ./rebuilt');
    print("  --endpoint is the stream pool's messages endpoint; OCI_STREAM_ENDPOINT and OCI_STREAM_OCID work in place of the flags.");

    signal?.throwIfAborted();
    await backfillSection(
      {
        bucket: BUCKET,
        streamId,
        env: { ...apiKeyEnv(credentials), OCI_AUTH: 'api_key', ...config },
        client,
        // hello.txt was deleted by its delete event; the others are still there.
        expected: uploads.map((sample) => sample.name).filter((name) => name !== hello),
      },
      print,
      problems,
    );
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await cleanup.run();
  }

  const ok = problems.length === 0 && verified.length === SAMPLE_NAMES.length;
  print('');
  if (ok) {
    print(`RESULT: OK - ${verified.length} of ${SAMPLE_NAMES.length} uploaded objects rebuilt from the stream and verified (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } else {
    print(`RESULT: FAILED - ${verified.length} of ${SAMPLE_NAMES.length} uploaded objects verified; ${problems.length} problem(s):`);
    for (const problem of problems) print(`  - ${problem}`);
  }
  return { ok, problems, verified, outputDir };
}

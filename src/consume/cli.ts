import { StreamClient } from 'oci-streaming';
import { createAuthProviderFromEnv } from '../adapters/oci/auth';
import { boundedClientParams } from '../adapters/oci/clients';
import { asksForHelp, readOptions } from '../cli/options';
import { USAGE_EXIT_CODE, usageProblemLines } from '../cli/usage';
import { z } from 'zod';
import { DEFAULT_MAX_OBJECT_BYTES } from '../config/schema';
import { AuthenticationSetupError } from '../errors';
import { Assembler, type Assembled } from './assembler';
import { FileWriter } from './fileWriter';
import { readStream, type ReadMessage } from './readStream';

const USAGE = `Usage: npm run consume -- [--endpoint URL] [--stream OCID] [--partitions 0,1] [--out DIR [--max-object-bytes N]]
Reads the stream from its oldest message, prints one line per message, rebuilds chunked objects
and checks every object against its sha256. Defaults come from OCI_STREAM_ENDPOINT and
OCI_STREAM_OCID; credentials as for the function (OCI_AUTH, API-key variables or ~/.oci/config).
--out DIR writes each verified object under DIR; an object over --max-object-bytes (default
${DEFAULT_MAX_OBJECT_BYTES}, the function's MAX_OBJECT_BYTES default) is checked but not written, and a line says so.
Exit code: 0 when every object checks out, 1 when one does not, 2 for a usage problem, 130 when
interrupted (Ctrl-C stops reading; objects not rebuilt whole leave no file).`;

function describe(message: ReadMessage, result: Assembled): string {
  const where = `p${message.partition}@${message.offset}`;
  switch (result.kind) {
    case 'object':
      return `${where} ${result.delivery} ${JSON.stringify(result.name)} ${result.size} bytes sha256 ${result.verified ? 'verified' : 'MISMATCH'} ${result.sha256}${result.notWritten === undefined ? '' : `; ${result.notWritten} (--max-object-bytes)`}`;
    case 'chunk':
      return `${where} chunk ${result.index + 1}/${result.count} ${JSON.stringify(result.name)}`;
    case 'pointer':
      return `${where} ${result.delivery} ${JSON.stringify(result.name)}: ${result.reason}`;
    case 'broken':
      return `${where} BROKEN ${JSON.stringify(result.name)}: ${result.problem}`;
  }
}

/** Ctrl-C, as for a shell (128 + SIGINT). */
const INTERRUPTED_EXIT_CODE = 130;

const OPTIONS = { strings: ['endpoint', 'stream', 'partitions', 'out', 'max-object-bytes'], booleans: ['help'] } as const;

const MaxObjectBytesSchema = z
  .string()
  .regex(/^\d+$/, 'must be a whole number of bytes')
  .transform(Number)
  .pipe(z.number().max(Number.MAX_SAFE_INTEGER, 'is too large'));

interface ConsumeOptions {
  endpoint: string;
  stream: string;
  partitions?: string[];
  out?: string;
  maxObjectBytes: number;
}

/** The stream to read and how, from the command line over the function's own variables; or what is wrong with it. */
function consumeOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ConsumeOptions | { problems: string[] } {
  const { values, problems } = readOptions(argv, OPTIONS);
  const text = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  const endpoint = text('endpoint') ?? env['OCI_STREAM_ENDPOINT'];
  const stream = text('stream') ?? env['OCI_STREAM_OCID'];
  if (!endpoint) problems.push('needs --endpoint URL (or OCI_STREAM_ENDPOINT)');
  if (!stream) problems.push('needs --stream OCID (or OCI_STREAM_OCID)');
  const out = text('out');
  const maxGiven = text('max-object-bytes');
  const max = MaxObjectBytesSchema.safeParse(maxGiven ?? String(DEFAULT_MAX_OBJECT_BYTES));
  if (!max.success) problems.push(...max.error.issues.map((issue) => `--max-object-bytes ${issue.message}`));
  if (maxGiven !== undefined && out === undefined) problems.push('--max-object-bytes applies only with --out (nothing is written without it)');
  if (problems.length > 0 || !endpoint || !stream || !max.success) return { problems };
  const partitions = text('partitions');
  return {
    endpoint,
    stream,
    ...(partitions === undefined ? {} : { partitions: partitions.split(',').map((part) => part.trim()) }),
    ...(out === undefined ? {} : { out }),
    maxObjectBytes: max.data,
  };
}

/** Aborted on Ctrl-C: no more messages are read, objects not rebuilt whole are dropped. */
export async function runConsumer(argv: string[], env: NodeJS.ProcessEnv, print: (line: string) => void, signal?: AbortSignal): Promise<number> {
  if (asksForHelp(argv)) {
    print(USAGE);
    return 0;
  }
  const options = consumeOptions(argv, env);
  if ('problems' in options) {
    if (argv.length === 0) print(USAGE);
    for (const line of usageProblemLines('consume', options.problems, 'Nothing was read.')) print(line);
    return USAGE_EXIT_CODE;
  }
  let client: StreamClient;
  try {
    client = new StreamClient(boundedClientParams(createAuthProviderFromEnv(env)));
  } catch (error) {
    if (!(error instanceof AuthenticationSetupError)) throw error;
    print(`consume: ${error.message}`);
    return USAGE_EXIT_CODE;
  }
  client.endpoint = options.endpoint;
  const assembler = new Assembler(options.out ? new FileWriter(options.out) : undefined, { maxObjectBytes: options.maxObjectBytes });
  let failures = 0;
  for await (const message of readStream(client, {
    streamId: options.stream,
    ...(options.partitions ? { partitions: options.partitions } : {}),
  })) {
    const result = await assembler.accept(message.value);
    if (result.kind === 'broken' || (result.kind === 'object' && !result.verified)) failures += 1;
    print(describe(message, result));
    if (signal?.aborted) break;
  }
  const incomplete = await assembler.abandon();
  if (signal?.aborted) {
    print(`Interrupted: stopped reading${incomplete.length > 0 ? `; ${incomplete.length} object(s) whose chunks were still coming were dropped` : ''}.`);
    return INTERRUPTED_EXIT_CODE;
  }
  for (const eventId of incomplete) {
    print(`incomplete: chunks of event ${eventId} stop before the last one`);
    failures += 1;
  }
  return failures === 0 ? 0 : 1;
}

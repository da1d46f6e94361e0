import type { Readable } from 'node:stream';
import * as common from 'oci-common';
import { FunctionsInvokeClient, FunctionsManagementClient } from 'oci-functions';
import { ObjectStorageClient } from 'oci-objectstorage';
import { createAuthProviderFromEnv } from '../adapters/oci/auth';
import { boundedClientParams, INVOCATION_BOUNDS } from '../adapters/oci/clients';
import { lookUpInvokeEndpoint, OciFunctionInvoker } from '../adapters/oci/functionInvoker';
import { OciObjectListing } from '../adapters/oci/objectListing';
import { systemClock } from '../adapters/systemClock';
import { buildHandler } from '../app/buildHandler';
import type { Handler } from '../handler/createHandler';
import { AuthenticationSetupError, ConfigurationError, ReplaySetupError } from '../errors';
import { usageProblemLines } from '../cli/usage';
import { parseReplayArgs, USAGE, type ReplayDelivery, type ReplayOptions } from './args';
import { bucketPages } from './bucketSource';
import { directDelivery, invokeDelivery } from './deliverers';
import { eventItems } from './eventsSource';
import { formatBytes } from './format';
import { FunctionLogFile } from './logFile';
import { readLines } from './lines';
import { logItems, logReadingLine, readFunctionLog } from './logSource';
import { ItemFeed, onePage, type ItemPages } from './feed';
import type { DeliverEvent } from './ports';
import { barProgress, plainProgress } from './progress';
import { runReplay } from './run';
import { readDoneIds, StateFile } from './state';
import { leftSomethingUndone, summaryLines } from './summary';

type Env = Readonly<Record<string, string | undefined>>;

export interface ReplayIo {
  /** Standard output: the summary, dry-run listings, and plain progress lines. */
  print(line: string): void;
  /** Where the bar is drawn, when it is a terminal. */
  progressStream: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: Readable;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
  /** Resolves once what was printed has been taken by the reader (a pipe), so a long listing is not held here. */
  drained?: () => Promise<void>;
}

export const EXIT = { ok: 0, failed: 1, setup: 2, interrupted: 130 } as const;

/** The SDK's own retries suit listing (a one-off scan); its circuit breaker would outlive a bad moment. */
const LISTING_CONFIGURATION: common.ClientConfiguration = { circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }) };
/** Every invocation's outcome is recorded as it is, and a rerun retries failures. */
const INVOKE_CONFIGURATION: common.ClientConfiguration = {
  retryConfiguration: common.NoRetryConfigurationDetails,
  circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
};

function listing(env: Env): OciObjectListing {
  const client = new ObjectStorageClient(boundedClientParams(createAuthProviderFromEnv(env)), LISTING_CONFIGURATION);
  if (env['OCI_OBJECTSTORAGE_ENDPOINT']) client.endpoint = env['OCI_OBJECTSTORAGE_ENDPOINT'];
  return new OciObjectListing(client);
}

/** The function's handler, built as func.ts builds it; its log lines go to --log, never the terminal. */
function directHandler(env: Env, writeLog: (line: string) => void): Handler {
  const built = buildHandler(env, writeLog);
  if (built.setupFailure) throw built.setupFailure;
  return built.handler;
}

async function deliverer(delivery: ReplayDelivery, env: Env, log: FunctionLogFile | undefined): Promise<DeliverEvent> {
  if (delivery.kind === 'direct') return directDelivery(directHandler(env, (line) => log?.write(line)), systemClock);
  const provider = createAuthProviderFromEnv(env);
  let endpoint = delivery.endpoint;
  if (endpoint === undefined) {
    const management = new FunctionsManagementClient(boundedClientParams(provider), INVOKE_CONFIGURATION);
    if (env['OCI_FUNCTIONS_ENDPOINT']) management.endpoint = env['OCI_FUNCTIONS_ENDPOINT'];
    endpoint = await lookUpInvokeEndpoint(management, delivery.functionId);
  }
  const client = new FunctionsInvokeClient(boundedClientParams(provider, INVOCATION_BOUNDS), INVOKE_CONFIGURATION);
  client.endpoint = endpoint;
  return invokeDelivery(new OciFunctionInvoker(client, delivery.functionId));
}

/** A bucket is listed a page at a time as the run goes; a file is read whole (it is in hand). */
async function pagesToReplay(options: ReplayOptions, env: Env, io: ReplayIo): Promise<ItemPages> {
  const { source } = options;
  if (source.kind === 'bucket') return bucketPages(listing(env), source, io.signal);
  if (source.kind === 'events') return onePage(eventItems(await readLines(source.file, io.stdin, 'the events file'), source.file));
  const reading = readFunctionLog(await readLines(source.file, io.stdin, 'the log file'));
  io.print(logReadingLine(reading));
  return onePage(reading.toRedrive.length === 0 ? [] : await logItems(listing(env), reading.toRedrive, options.concurrency, io.signal));
}

function deliveryName(delivery: ReplayDelivery | undefined): string {
  if (delivery === undefined) return '';
  return delivery.kind === 'direct' ? ' through --direct' : ` through --invoke ${delivery.functionId}`;
}

/** Each item as it is found, then the count and bytes; an interrupt ends the listing early, and says so. */
async function printDryRun(feed: ItemFeed, delivery: ReplayDelivery | undefined, io: ReplayIo): Promise<number> {
  let toSend = 0;
  for await (const item of feed.items()) {
    const type = String(item.event?.['eventType'] ?? '').replace('com.oraclecloud.objectstorage.', '');
    if (item.event) toSend += 1;
    io.print(item.event ? `would send ${type} ${item.object}${item.size === null ? '' : ` (${formatBytes(item.size)})`}` : `would skip ${item.object}: ${item.skipReason ?? ''}`);
    await io.drained?.();
  }
  const { bytes, alreadyDone } = feed.found();
  // An interrupt may also have cut short the look-ups of a log's objects, within their one page.
  const complete = feed.found().complete && io.signal?.aborted !== true;
  const interrupted = complete ? '' : ' (interrupted: the listing stopped there)';
  io.print(
    `Dry run${interrupted}: ${toSend} object(s) to send${deliveryName(delivery)}, ${formatBytes(bytes)}${alreadyDone > 0 ? `; ${alreadyDone} already done by the state file` : ''}. Nothing was sent.`,
  );
  return complete ? EXIT.ok : EXIT.interrupted;
}

function isSetupProblem(error: unknown): error is ReplaySetupError | AuthenticationSetupError | ConfigurationError {
  return error instanceof ReplaySetupError || error instanceof AuthenticationSetupError || error instanceof ConfigurationError;
}

/** `npm run replay`: the exit code, after every line has been printed. */
export async function runReplayCommand(argv: readonly string[], env: Env, io: ReplayIo): Promise<number> {
  const parsed = parseReplayArgs(argv);
  if (parsed.kind === 'help') {
    io.print(USAGE);
    return EXIT.ok;
  }
  if (parsed.kind === 'invalid') {
    if (parsed.problems.length === 0) io.print(USAGE);
    if (parsed.problems.length > 0) for (const line of usageProblemLines('replay', parsed.problems, 'Nothing was sent.')) io.print(line);
    return EXIT.setup;
  }
  const { options } = parsed;
  let state: StateFile | undefined;
  let log: FunctionLogFile | undefined;
  try {
    state = options.stateFile === undefined || options.dryRun ? undefined : new StateFile(options.stateFile);
    const isDone = state ? (id: string) => state!.isDone(id) : options.stateFile === undefined ? () => false : readDoneIds(options.stateFile);
    // A dry run sends nothing whatever else is given; it still refuses a --direct configuration the run would refuse.
    if (options.dryRun && options.delivery?.kind === 'direct') directHandler(env, () => {});
    const logFile = options.delivery?.kind === 'direct' ? options.delivery.logFile : undefined;
    log = logFile === undefined || options.dryRun ? undefined : new FunctionLogFile(logFile);
    const deliver = options.delivery && !options.dryRun ? await deliverer(options.delivery, env, log) : undefined;
    const feed = new ItemFeed(await pagesToReplay(options, env, io), isDone);
    // A listing refused at once is a setup problem, found before anything is sent.
    await feed.open();
    if (!deliver) return await printDryRun(feed, options.delivery, io);
    if (io.signal?.aborted) {
      io.print('Interrupted before anything was sent.');
      return EXIT.interrupted;
    }
    const progress = io.progressStream.isTTY ? barProgress(io.progressStream) : plainProgress(io.print);
    const onInterrupt = () => progress.note('Interrupted: no new object starts; waiting for those in flight (Ctrl-C again to quit at once).');
    io.signal?.addEventListener('abort', onInterrupt, { once: true });
    const result = await runReplay(feed, { deliver, state, progress, concurrency: options.concurrency, signal: io.signal });
    io.signal?.removeEventListener('abort', onInterrupt);
    for (const line of summaryLines(result, { stateFile: options.stateFile })) io.print(line);
    if (result.interrupted) return EXIT.interrupted;
    // Content that did not reach the stream is not a success, whatever the reason.
    return leftSomethingUndone(result) ? EXIT.failed : EXIT.ok;
  } catch (error) {
    if (!isSetupProblem(error)) throw error;
    io.print(`replay: ${error.message}`);
    for (const problem of error instanceof ReplaySetupError || error instanceof ConfigurationError ? error.problems : []) io.print(`  ${problem}`);
    return EXIT.setup;
  } finally {
    state?.close();
    log?.close();
  }
}

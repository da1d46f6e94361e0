import { randomBytes } from 'node:crypto';
import { messageOf, StreamUnreachableError } from '../errors';
import { messageKey } from '../message/key';
import { replayCreateEvent } from '../replay/replayEvent';
import { fail, notChecked, pass, warn, type Finding } from './findings';
import type { BucketInfo, LogInfo } from './model';
import type { Clock } from '../ports';
import type { Read } from './ports';

/** Where probe objects go: the README names it, so an Events rule or a consumer can tell them apart. */
export const PROBE_PREFIX = 'fn-streaming-doctor/';
const POLL_PAUSE_MS = 500;
const TITLE = 'the probe\'s message reaches the stream';

export function probeObjectName(now: Date): string {
  return `${PROBE_PREFIX}probe-${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.txt`;
}

export interface StreamedMessage {
  partition: string;
  offset: number;
  key: Buffer | null;
  value: Buffer;
}

/** The stream read from its latest offsets, partition by partition. */
export interface StreamWatch {
  /** The messages stored since the last poll (or since the watch was opened). */
  poll(): Promise<StreamedMessage[]>;
}

export type InvokeAnswer = { ok: true; body: string } | { ok: false; detail: string };

/** What the probe writes and reads. */
export interface ProbePorts {
  /** Throws StreamUnreachableError when the stream's endpoint cannot be reached from here. */
  watchFromLatest(endpoint: string, streamId: string, partitions: number): Promise<StreamWatch>;
  putObject(namespace: string, bucket: string, name: string, body: Buffer): Promise<{ eTag: string }>;
  deleteObject(namespace: string, bucket: string, name: string): Promise<void>;
  invokeFunction(functionId: string, invokeEndpoint: string | undefined, body: string): Promise<InvokeAnswer>;
  /** The invocation log's lines since `since` that mention `text`. */
  searchLog(log: LogInfo, since: Date, text: string): Promise<Read<string[]>>;
}

export interface ProbeTarget {
  functionId: string;
  invokeEndpoint: string | undefined;
  streamId: string;
  partitions: number;
  streamEndpoint: string;
  bucket: BucketInfo;
  log: LogInfo | undefined;
}

async function waitForKey(watch: StreamWatch, key: Buffer, deadline: number, clock: Clock, signal?: AbortSignal): Promise<StreamedMessage | undefined> {
  while (clock.now() < deadline && !signal?.aborted) {
    const found = (await watch.poll()).find((message) => message.key !== null && message.key.equals(key));
    if (found) return found;
    await clock.sleep(POLL_PAUSE_MS, signal);
  }
  return undefined;
}

function deliveryOf(message: StreamedMessage): string {
  try {
    const value = JSON.parse(message.value.toString('utf8')) as { data?: { delivery?: string } };
    return value.data?.delivery ?? 'unknown';
  } catch {
    return 'unreadable';
  }
}

/** The function's own error text, from its invocation log when it can be read. */
async function logExcerpt(ports: ProbePorts, target: ProbeTarget, since: Date): Promise<string> {
  if (!target.log) return '; no readable invocation log (see the logs check): enable it to see the function\'s error text';
  const lines = await ports.searchLog(target.log, since, 'event failed');
  if (!lines.ok) return `; the invocation log could not be searched (${lines.detail}: needs read log-content)`;
  return lines.value.length > 0 ? `; the invocation log says: ${lines.value.slice(-2).join(' | ')}` : '; the invocation log has no "event failed" line yet';
}

/** Where the chain stopped, from the function's answer to the probe's own event and its log. */
async function diagnose(ports: ProbePorts, target: ProbeTarget, name: string, eTag: string, since: Date, timeoutMs: number): Promise<Finding> {
  const event = replayCreateEvent({ namespace: target.bucket.namespace, bucket: target.bucket.name }, { name, eTag, size: 0, timeModified: since, archivalState: null });
  const answer = await ports.invokeFunction(target.functionId, target.invokeEndpoint, JSON.stringify(event));
  const waited = `no message for ${name} within ${Math.round(timeoutMs / 1000)} s`;
  if (answer.ok) {
    return fail(
      'probe',
      TITLE,
      `${waited}; invoked directly with the probe's event, the function answered ${answer.body.slice(0, 300)}: the function works, so the upload's event did not reach it`,
      'Check the bucket\'s object events, the Events rule and the Events service\'s policy (the findings above); Observability → Events Service → Rules → (the rule) → Metrics shows whether it matched and delivered',
    );
  }
  const logged = await logExcerpt(ports, target, since);
  return fail(
    'probe',
    TITLE,
    `${waited}; invoked directly with the probe's event, the function failed (${answer.detail})${logged}`,
    'Fix what the function\'s error names (Observability → Logging → Logs → the application\'s invocation log, search "event failed"), then run the doctor with --probe again',
  );
}

/**
 * Check 9: upload a probe object, wait for its message on the stream, report the time from upload
 * to message or where it stopped, and delete the probe object whatever happened.
 */
export async function runProbe(ports: ProbePorts, target: ProbeTarget, options: { timeoutMs: number; clock: Clock; signal?: AbortSignal | undefined }): Promise<Finding[]> {
  const { clock, signal } = options;
  let watch: StreamWatch;
  try {
    watch = await ports.watchFromLatest(target.streamEndpoint, target.streamId, target.partitions);
  } catch (error) {
    if (!(error instanceof StreamUnreachableError)) throw error;
    return [
      notChecked(
        'probe',
        TITLE,
        `to run inside the stream pool's subnet (a compute instance there, or Cloud Shell private networking on it)`,
        `${target.streamEndpoint} could not be reached from here (${error.message}): a private stream answers only inside its subnet. Nothing was uploaded.`,
      ),
    ];
  }
  const name = probeObjectName(new Date(clock.now()));
  const body = Buffer.from(`fn-streaming doctor probe, ${new Date(clock.now()).toISOString()}\n`, 'utf8');
  const { namespace, name: bucket } = target.bucket;
  const started = clock.now();
  let eTag: string;
  try {
    ({ eTag } = await ports.putObject(namespace, bucket, name, body));
  } catch (error) {
    return [notChecked('probe', TITLE, `to upload to ${namespace}/${bucket}: manage objects with OBJECT_CREATE and OBJECT_DELETE on it`, `the upload failed: ${messageOf(error)}`)];
  }
  const findings: Finding[] = [];
  try {
    const message = await waitForKey(watch, messageKey({ namespace, bucket, name }), started + options.timeoutMs, clock, signal).catch((error: unknown) => {
      throw new StreamUnreachableError(`reading the stream failed: ${messageOf(error)}`, { cause: error });
    });
    if (signal?.aborted) return findings;
    if (message) {
      findings.push(pass('probe', TITLE, `${name}: uploaded, published as ${deliveryOf(message)} at partition ${message.partition} offset ${message.offset}, ${clock.now() - started} ms from upload to message`));
    } else {
      findings.push(await diagnose(ports, target, name, eTag, new Date(started), options.timeoutMs));
    }
  } catch (error) {
    if (!(error instanceof StreamUnreachableError)) throw error;
    findings.push(notChecked('probe', TITLE, 'to read the stream from here (use stream-pull, inside the pool\'s subnet)', error.message));
  } finally {
    try {
      await ports.deleteObject(namespace, bucket, name);
    } catch (error) {
      findings.push(warn('probe', 'the probe object is deleted', `deleting ${namespace}/${bucket}/${name} failed: ${messageOf(error)}`, `oci os object delete --namespace-name ${namespace} --bucket-name ${bucket} --object-name '${name}' --force`));
    }
  }
  return findings;
}

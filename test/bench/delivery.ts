import { createHash, randomUUID } from 'node:crypto';
import { Assembler } from '../../src/consume/assembler';
import { markedContent } from '../support/content';
import { eventFor } from '../support/events';
import type { TestCredentials } from '../support/credentials';
import { BUCKET, NAMESPACE, startBenchWorld, type BenchWorld } from './world';

export const DEADLINE_MS = 300_000;
const SAMPLE_EVERY_MS = 25;

export interface DeliveryFigures {
  label: string;
  bytes: number;
  delivery: string;
  chunks: number;
  /** The invocation's round trip over the socket, as the Fn agent sees it. */
  wallMs: number;
  /** The function's own split, from its `event handled` log line. */
  readMs: number | null;
  publishMs: number | null;
  /** CPU this (bench) process spent during the invocation: the emulator's share of the work. */
  emulatorCpuMs: number;
  mbPerSecond: number;
  /** VmHWM right after start, before the invocation: this process's floor. */
  floorKb: number | null;
  peakKb: number | null;
  verified: boolean;
}

export interface MeasuredDelivery {
  /** The run with the median wall time, whole, so its figures belong together. */
  median: DeliveryFigures;
  runs: DeliveryFigures[];
}

/** `repeats` runs, each with its own emulator and a fresh function process. */
export async function measureDelivery(
  credentials: TestCredentials,
  nodeArgs: string[],
  [label, bytes]: [string, number],
  options: { repeats: number; nodeBinary?: string },
): Promise<MeasuredDelivery> {
  const runs: DeliveryFigures[] = [];
  for (let i = 0; i < options.repeats; i++) {
    const world = await startBenchWorld(credentials, nodeArgs);
    try {
      runs.push(await runDelivery(world, label, bytes, options.nodeBinary));
    } finally {
      await world.close();
    }
  }
  const byWall = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  return { median: byWall[Math.floor((byWall.length - 1) / 2)]!, runs };
}

/**
 * Uploads `bytes` of test content, invokes a FRESH function process with its create event (VmHWM
 * is a high-water mark for the process lifetime), then rebuilds the object from the stream with
 * the consumer's assembler and checks its sha256, so the figures are of a correct run.
 */
export async function runDelivery(world: BenchWorld, label: string, bytes: number, nodeBinary?: string): Promise<DeliveryFigures> {
  const content = markedContent(bytes);
  const name = `bench-${label.replace(/\s+/g, '')}-${randomUUID()}.bin`;
  const { eTag } = world.emulator.putObject(NAMESPACE, BUCKET, name, content);
  const { fn } = await world.startFn(nodeBinary ? { nodeBinary } : {});
  try {
    const floorKb = fn.peakMemoryKb();
    const sampler = setInterval(() => fn.peakMemoryKb(), SAMPLE_EVERY_MS);
    const callId = randomUUID();
    const cpuBefore = process.cpuUsage();
    let result;
    try {
      result = await fn.invoke(eventFor('createobject-unversioned', { namespace: NAMESPACE, bucket: BUCKET, name, eTag, eventId: randomUUID() }), {
        deadlineMs: DEADLINE_MS,
        callId,
      });
    } finally {
      clearInterval(sampler);
    }
    const cpu = process.cpuUsage(cpuBefore);
    const peakKb = fn.peakMemoryKb();
    if (result.status !== 200) throw new Error(`invoke answered ${result.status}: ${result.rawBody}`);
    const answer = result.json as { delivery: string; messages: number };
    const log = handledLog(fn.output(), callId);
    return {
      label,
      bytes,
      delivery: answer.delivery,
      chunks: answer.messages,
      wallMs: result.durationMs,
      readMs: typeof log?.['readMs'] === 'number' ? log['readMs'] : null,
      publishMs: typeof log?.['publishMs'] === 'number' ? log['publishMs'] : null,
      emulatorCpuMs: (cpu.user + cpu.system) / 1000,
      mbPerSecond: bytes / 1e6 / (result.durationMs / 1000),
      floorKb,
      peakKb,
      verified: await verifyStream(world, name, content),
    };
  } finally {
    await fn.stop();
  }
}

async function verifyStream(world: BenchWorld, name: string, content: Buffer): Promise<boolean> {
  const expected = createHash('sha256').update(content).digest('hex');
  const assembler = new Assembler();
  let rebuilt: { sha256: string; verified: boolean; size: number } | undefined;
  for (const message of world.emulator.messages(world.streamId)) {
    const outcome = await assembler.accept(message.value);
    if (outcome.kind === 'object' && outcome.name === name) rebuilt = outcome;
  }
  return rebuilt !== undefined && rebuilt.verified && rebuilt.sha256 === expected && rebuilt.size === content.byteLength;
}

function handledLog(output: string, callId: string): Record<string, unknown> | undefined {
  for (const line of output.split('\n')) {
    try {
      const record = JSON.parse(line) as Record<string, unknown>;
      if (record['message'] === 'event handled' && record['callId'] === callId) return record;
    } catch {
      // not a log line of ours (the fdk's own output)
    }
  }
  return undefined;
}

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Fault } from '../emulator';
import { markedContent } from '../support/content';
import type { TestCredentials } from '../support/credentials';
import type { NodeBinary } from './nodes';
import { fixed, kbToMiB, table } from './report';
import { BenchObject } from './run';
import type { Subject } from './subjects';
import { StreamCheck } from './verify';
import { startBenchWorld } from './world';

const KiB = 1024;
/** Objects of sizes spread evenly on a log scale from 1 KiB to 3 MiB: inline and chunked alike. */
const POOL_SIZES = Array.from({ length: 24 }, (_, i) => Math.round(KiB * (3 * 1024) ** (i / 23)));
const SAMPLE_EVERY = 100;
const FAULT_EVERY = 10;
const DEADLINE_MS = 120_000;
/** Faults the function's retries overcome, taken in turn for every tenth event. */
const FAULTS: Array<{ label: string; fault: Fault }> = [
  { label: 'getObject 503', fault: { operation: 'getObject', status: 503 } },
  { label: 'putMessages 503', fault: { operation: 'putMessages', status: 503 } },
  {
    label: 'putMessages entry throttled',
    fault: {
      operation: 'putMessages',
      entryFailures: [{ index: 0, error: '429', errorMessage: 'Request was throttled because bytes limit exhausted, next request can be made in 50 ms' }],
    },
  },
  { label: 'getObject connection reset', fault: { operation: 'getObject', reset: true } },
];

interface Sample {
  events: number;
  rssKb: number;
  hwmKb: number;
}

function memoryKb(pid: number): { rssKb: number; hwmKb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

/**
 * The soak: `events` mixed events (1 KiB to 3 MiB) in one function process, a fault in every
 * tenth, RSS sampled every 100 events; every event must be published and its object rebuilt by
 * the consumer code. Messages are checked and dropped as they come, so the emulator stays small.
 */
export async function runSoak(node: NodeBinary, subject: Subject, credentials: TestCredentials, events: number): Promise<{ problems: string[] }> {
  const world = await startBenchWorld(credentials);
  const problems: string[] = [];
  const failedEvents = new Set<number>();
  const injected = new Map<string, number>();
  const samples: Sample[] = [];
  try {
    const pool = POOL_SIZES.map((size, i) => new BenchObject(world, `soak-${i}.bin`, markedContent(size)));
    const { fn } = await world.start(subject, node.path);
    const pid = fn.pid!;
    const check = new StreamCheck();
    const started = performance.now();
    let bytes = 0;
    console.log(`\nsoak on node ${node.version}: ${events} events, objects ${POOL_SIZES[0]} to ${POOL_SIZES.at(-1)} bytes, a fault in every ${FAULT_EVERY}th (${FAULTS.map((f) => f.label).join(', ')})`);
    try {
      for (let i = 0; i < events; i++) {
        // Consecutive events take objects far apart in size (7 and 24 share no factor: all are used).
        const object = pool[(i * 7) % pool.length]!;
        if (i % FAULT_EVERY === FAULT_EVERY - 1) {
          const { label, fault } = FAULTS[Math.floor(i / FAULT_EVERY) % FAULTS.length]!;
          world.emulator.injectFault(fault);
          injected.set(label, (injected.get(label) ?? 0) + 1);
        }
        const eventId = randomUUID();
        const result = await fn.invoke(object.event(eventId), { deadlineMs: DEADLINE_MS });
        if (result.status !== 200 || (result.json as { status?: string } | undefined)?.status !== 'published') {
          problems.push(`event ${i + 1} (${object.content.byteLength} bytes): answered ${result.status} ${result.rawBody.slice(0, 300)}`);
          failedEvents.add(i);
        }
        world.emulator.clearFaults();
        await check.read(world.emulator.takeMessages(world.streamId));
        const problem = check.problem(eventId, object.sha256);
        if (problem) {
          problems.push(`event ${i + 1}: ${problem}`);
          failedEvents.add(i);
        }
        bytes += object.content.byteLength;
        if ((i + 1) % SAMPLE_EVERY === 0 || i + 1 === events) {
          samples.push({ events: i + 1, ...memoryKb(pid) });
          const last = samples.at(-1)!;
          console.log(`  ${String(last.events).padStart(5)} events: RSS ${kbToMiB(last.rssKb)} MiB, peak ${kbToMiB(last.hwmKb)} MiB, ${problems.length} problems`);
        }
      }
    } finally {
      if (fn.exited()) problems.push(`the function process ended during the soak: ${fn.output().slice(-500)}`);
      await fn.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const firstTenth = samples.find((sample) => sample.events >= events / 10) ?? samples[0]!;
    const last = samples.at(-1)!;
    const answeredFaults = world.emulator.requests().filter((request) => request.status === 503 || request.status === 0).length;
    console.log(
      table(
        `Soak, node ${node.version}: ${events} events (${fixed(bytes / 1e6)} MB of objects) in one process, ${fixed(seconds, 0)} s`,
        ['figure', 'value'],
        [
          ['peak RSS (VmHWM)', `${kbToMiB(last.hwmKb)} MiB`],
          [`RSS after ${firstTenth.events} events (the first tenth)`, `${kbToMiB(firstTenth.rssKb)} MiB`],
          [`RSS after ${last.events} events`, `${kbToMiB(last.rssKb)} MiB`],
          ['RSS growth from the first tenth to the end', `${fixed((last.rssKb - firstTenth.rssKb) / 1024)} MiB`],
          ['faults injected', [...injected].map(([label, count]) => `${label} x${count}`).join(', ')],
          ['requests the emulator answered with 503 or a reset', String(answeredFaults)],
          ['events published and rebuilt by the consumer, sha256 checked', `${events - failedEvents.size} of ${events}`],
        ],
      ),
    );
    return { problems };
  } finally {
    await world.close();
  }
}

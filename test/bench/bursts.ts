/**
 * `npm run bench:bursts [-- --runs N]`: bursts of 2, 4 and 8 uploads of 3 MB into one partition
 * that takes 1 MB/s, each object invoked at the same moment in its own warm function process (as
 * OCI Events fans out one invocation per file). Prints, per burst, how many objects completed
 * against how many the partition could carry before the deadline, and what became of the rest.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { markedContent } from '../support/content';
import {
  approximateMessageBytes,
  burstObjects,
  capacity,
  completed,
  LARGE_OBJECT_BYTES,
  runBurst,
  settlePartition,
  startBurstWorld,
  type BurstRun,
  type BurstWorld,
} from '../e2e/support/burst';

const BURSTS: ReadonlyArray<{ objects: number; deadlineMs: number }> = [
  { objects: 2, deadlineMs: 15_000 },
  { objects: 4, deadlineMs: 15_000 },
  { objects: 8, deadlineMs: 30_000 },
];

const USAGE = 'usage: npm run bench:bursts [-- --runs N]   (N bursts of each size, default 1)';

function runsFromArgs(): number {
  let values;
  try {
    ({ values } = parseArgs({ options: { runs: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`, { cause: error });
  }
  const runs = Number(values.runs ?? '1');
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new Error(`--runs must be a whole number from 1 to 20, got '${values.runs}'\n${USAGE}`);
  return runs;
}

const count = (runs: readonly BurstRun[], outcome: BurstRun['outcome']) => runs.filter((run) => run.outcome === outcome).length;

async function main(): Promise<void> {
  const runs = runsFromArgs();
  const processes = Math.max(...BURSTS.map((burst) => burst.objects));
  console.log(`3 MB objects (5 chunks, about ${(approximateMessageBytes(LARGE_OBJECT_BYTES) / 1e6).toFixed(2)} MB of messages each), one partition at 1 MB/s;`);
  console.log(`capacity: whole objects the partition can carry before the deadline (1 s of writes held at the start, then 1 MB/s, until the function's 2 s answering margin)`);
  console.log(`starting ${processes} warm function processes; load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}\n`);
  // Filled in once started, so a Ctrl-C during start-up stops what is already running.
  const started: { world?: BurstWorld } = {};
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the function processes and the emulator`);
    (started.world?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  const world = await startBurstWorld(processes);
  started.world = world;

  const rows: string[][] = [['burst', 'deadline', 'capacity', 'completed', 'stepped aside', 'stopped after k', 'failed', 'slowest answer']];
  try {
    for (const burst of BURSTS) {
      for (let run = 0; run < runs; run++) {
        const objects = burstObjects(`bench-${burst.objects}`, Array(burst.objects).fill(LARGE_OBJECT_BYTES), burst.deadlineMs, markedContent);
        const results = await runBurst(world, objects);
        const slowest = Math.max(...results.map((result) => result.result.durationMs));
        rows.push([
          String(burst.objects),
          `${burst.deadlineMs / 1000} s`,
          String(Math.min(burst.objects, capacity(approximateMessageBytes(LARGE_OBJECT_BYTES), burst.deadlineMs))),
          String(completed(results)),
          String(count(results, 'stepped aside')),
          String(count(results, 'stopped')),
          String(count(results, 'failed')),
          `${(slowest / 1000).toFixed(1)} s`,
        ]);
        console.log(`burst of ${burst.objects}, run ${run + 1}: ${completed(results)} completed`);
        await settlePartition();
      }
    }
  } finally {
    await world.stop();
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  console.log(`\n${rows.map((row) => row.map((cell, column) => cell.padStart(widths[column]!)).join('  ')).join('\n')}`);
  console.log(`\nload average at the end ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

/**
 * `npm run bench`: what the built function costs. Deliveries of 1, 10 and 64 MiB with pacing off,
 * each in a fresh function process; start time and the idle memory floor; the SDK patch's effect
 * on one near-limit PutMessages; and the 64 MiB case inside a 128 MiB memory cgroup.
 * Prints tables and writes .bench/results.json.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createCgroupSection } from './cgroupSection';
import { measureColdStarts, median, medianNodeRunMs } from './coldStart';
import { DEADLINE_MS, measureDelivery, type MeasuredDelivery } from './delivery';
import { fixed, kbToMiB, table, writeResults } from './report';
import { comparePatch } from './sdkPatch';
import { createTestCredentials } from '../support/credentials';
import { NODE_BINARY, productionNodeArgs, startBenchWorld } from './world';

const MiB = 1024 * 1024;
/** 64 MiB is MAX_OBJECT_BYTES' default (67,108,864): the largest object still delivered chunked. */
const SIZES: Array<[string, number]> = [
  ['1 MiB', 1 * MiB],
  ['10 MiB', 10 * MiB],
  ['64 MiB', 64 * MiB],
];
/** The machine is shared (2 cores, other test runs): the median of a few fresh runs is steadier. */
const REPEATS = 3;
const range = (values: number[]) => `${Math.round(Math.min(...values))}-${Math.round(Math.max(...values))}`;
const loadText = () => loadavg().map((value) => value.toFixed(2)).join(' ');
const nodeVersion = () => spawnSync(NODE_BINARY, ['--version'], { encoding: 'utf8' }).stdout.trim();
const SDK_LOAD = "require('oci-common');require('oci-objectstorage');require('oci-streaming')";

async function main(): Promise<void> {
  const benchStarted = Date.now();
  const loadAtStart = loadavg();
  const node = productionNodeArgs();
  const credentials = createTestCredentials();
  process.once('exit', () => rmSync(credentials.dir, { recursive: true, force: true }));
  console.log(`node ${nodeVersion()}; function node args: ${node.args.join(' ') || '(none)'} [${node.source}]`);
  console.log(`pacing off (PUBLISH_BYTES_PER_SECOND=1e12, emulator unlimited); Fn-Deadline ${DEADLINE_MS / 1000} s`);
  console.log(`the emulator runs in this process and shares the machine's ${cpus().length} cores; load average at start ${loadText()}`);

  // Start-up: the bundled function against node alone and against loading the unbundled SDK.
  const startWorld = await startBenchWorld(credentials, node.args);
  const cold = await measureColdStarts(startWorld).finally(() => startWorld.close());
  const nodeAloneMs = medianNodeRunMs(node.args, '');
  const sdkUnbundledMs = medianNodeRunMs(node.args, SDK_LOAD);

  const measured: MeasuredDelivery[] = [];
  for (const size of SIZES) measured.push(await measureDelivery(credentials, node.args, size, { repeats: REPEATS }));

  // The SDK patch, on node's default heap (to compare) and on the function's (to see if it survives).
  const probeWorld = await startBenchWorld(credentials, node.args);
  const probes = await comparePatch(probeWorld, [
    ['default heap', []],
    ['function args', node.args],
  ]);
  await probeWorld.close();

  const cgroup = await createCgroupSection(credentials, node.args, 128 * MiB, SIZES[2]!);

  console.log(
    table(
      `Delivery (median of ${REPEATS} runs by wall time, each a fresh emulator and function process; wall = invoke round trip; MB/s = 10^6 object bytes/s; VmHWM = lifetime peak RSS; sha256 ok = every run rebuilt and verified)`,
      ['case', 'bytes', 'delivery', 'chunks', 'wall ms', 'wall range', 'fn readMs', 'fn publishMs', 'emulator CPU ms', 'MB/s', 'VmHWM idle MiB', 'VmHWM peak MiB', 'sha256 ok'],
      [
        ['baseline: started, no invocation', null, null, null, null, null, null, null, null, null, kbToMiB(median(cold.floorKb)), null, null],
        ...measured.map(({ median: d, runs }) => [
          d.label,
          d.bytes,
          d.delivery,
          d.chunks,
          fixed(d.wallMs, 0),
          range(runs.map((r) => r.wallMs)),
          d.readMs,
          d.publishMs,
          fixed(d.emulatorCpuMs, 0),
          fixed(d.mbPerSecond),
          kbToMiB(d.floorKb),
          kbToMiB(d.peakKb),
          String(runs.every((r) => r.verified)),
        ]),
      ],
    ),
  );
  console.log(
    table(
      `Start-up (median of ${cold.startMs.length}; function = spawn to socket ready, polled every 10 ms; node -e = spawn to exit)`,
      ['what', 'median ms', 'min ms', 'max ms'],
      [
        ['function, bundled dist/func.js', fixed(median(cold.startMs), 0), fixed(Math.min(...cold.startMs), 0), fixed(Math.max(...cold.startMs), 0)],
        ["node -e '' (node alone)", fixed(nodeAloneMs, 0), null, null],
        ['node -e require(the 3 SDK packages), unbundled', fixed(sdkUnbundledMs, 0), null, null],
      ],
    ),
  );
  console.log(
    table(
      'SDK empty-body patch: one PutMessages of a 900,000-byte value (1.2 MB JSON body), 5 requests after a warm-up, real StreamClient',
      ['node heap', 'patch', 'median ms/request', 'RSS growth MiB', 'peak growth MiB', 'result'],
      probes.map((p) => [
        p.heap,
        p.patched ? 'on' : 'off',
        p.result ? fixed(median(p.result.msPerRequest), 0) : null,
        p.result ? kbToMiB(p.result.rssAfterKb - p.result.rssBeforeKb) : null,
        p.result ? kbToMiB(p.result.peakKb - p.result.rssBeforeKb) : null,
        p.error ?? 'ok',
      ]),
    ),
  );
  const byHeap = (heap: string, patched: boolean) => probes.find((p) => p.heap === heap && p.patched === patched)?.result;
  const off = byHeap('default heap', false);
  const on = byHeap('default heap', true);
  const ratios =
    off && on
      ? {
          timeRatio: fixed(median(off.msPerRequest) / median(on.msPerRequest), 2),
          peakGrowthRatio: fixed((off.peakKb - off.rssBeforeKb) / Math.max(1, on.peakKb - on.rssBeforeKb), 2),
        }
      : null;
  console.log(ratios ? `patch off/on, default heap: ${ratios.timeRatio}x time per request, ${ratios.peakGrowthRatio}x peak growth` : 'patch ratios: not available');
  console.log(`\n128 MiB memory cgroup, ${SIZES[2]![0]}:`);
  console.log(cgroup.text);

  const totalSeconds = (Date.now() - benchStarted) / 1000;
  const file = writeResults({
    node: nodeVersion(),
    loadAverage: { start: loadAtStart, end: loadavg() },
    nodeArgs: node.args,
    nodeArgsSource: node.source,
    deadlineMs: DEADLINE_MS,
    baseline: { floorKb: cold.floorKb, medianFloorKb: median(cold.floorKb), startMs: cold.startMs, medianStartMs: median(cold.startMs) },
    startup: { nodeAloneMs, sdkUnbundledRequireMs: sdkUnbundledMs, functionBundledMs: median(cold.startMs) },
    deliveries: measured,
    sdkPatch: { probes, ratios },
    cgroup: cgroup.json,
    totalSeconds,
  });
  // Figures of a wrong run are worthless: say so and fail, rather than print them quietly.
  const wrong = measured.flatMap((m) => m.runs).filter((run) => run.delivery !== 'chunked' || !run.verified);
  if (wrong.length > 0) {
    console.log(`\nINVALID: ${wrong.map((run) => `${run.label} delivered ${run.delivery}, sha256 ok ${run.verified}`).join('; ')}`);
    process.exitCode = 1;
  }
  console.log(`\nload average at end ${loadText()}; results: ${file} (${fixed(totalSeconds, 0)} s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

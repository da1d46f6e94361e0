import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { NODE_BINARY, REPO_ROOT, type BenchWorld } from './world';

export const STARTS = 5;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface ColdStartFigures {
  /** Spawn to the fdk's socket symlink, as the harness sees it (it polls every 10 ms). */
  startMs: number[];
  /** VmHWM of each idle process right after start: the memory floor. */
  floorKb: number[];
}

/** Fresh function processes that are started and stopped without an invocation. */
export async function measureColdStarts(world: BenchWorld): Promise<ColdStartFigures> {
  const figures: ColdStartFigures = { startMs: [], floorKb: [] };
  for (let i = 0; i < STARTS; i++) {
    const { fn, startMs } = await world.startFn();
    figures.startMs.push(startMs);
    figures.floorKb.push(fn.peakMemoryKb() ?? Number.NaN);
    await fn.stop();
  }
  return figures;
}

/**
 * Spawn-to-exit time of `node <args> -e <script>`, median of STARTS runs: for comparing the
 * bundled function's start with node's own start and with loading the unbundled SDK.
 */
export function medianNodeRunMs(nodeArgs: string[], script: string): number {
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const started = performance.now();
    const run = spawnSync(NODE_BINARY, [...nodeArgs, '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    times.push(performance.now() - started);
    if (run.status !== 0) throw new Error(`node -e ${script} failed: ${run.stderr}`);
  }
  return median(times);
}

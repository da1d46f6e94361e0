import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { ProbeResult } from './putMessagesProbe';
import { NODE_BINARY, REPO_ROOT, type BenchWorld } from './world';

const PROBE = join(__dirname, 'putMessagesProbe.ts');

/**
 * Runs the PutMessages probe in a child process, with or without the SDK patch. Asynchronously:
 * the emulator answering the probe lives in this process's event loop.
 */
export function runPutMessagesProbe(world: BenchWorld, nodeArgs: string[], patched: boolean): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE_BINARY, [...nodeArgs, '--import', 'tsx', PROBE, patched ? 'patched' : 'unpatched'], {
      cwd: REPO_ROOT,
      env: { ...world.env, PATH: process.env['PATH'] ?? '', BENCH_STREAM_ID: world.streamId, BENCH_STREAM_ENDPOINT: world.emulator.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(JSON.parse(stdout) as ProbeResult);
      else reject(new Error(`probe (${patched ? 'patched' : 'unpatched'}) ended code=${code} signal=${signal}: ${stderr}`));
    });
  });
}

export interface ProbeOutcome {
  heap: string;
  patched: boolean;
  result: ProbeResult | null;
  /** Why the probe process failed (a heap out of memory is a result too). */
  error: string | null;
}

/** Each heap setting without and with the patch, one fresh child process each. */
export async function comparePatch(world: BenchWorld, heaps: Array<[string, string[]]>): Promise<ProbeOutcome[]> {
  const outcomes: ProbeOutcome[] = [];
  for (const [heap, nodeArgs] of heaps) {
    for (const patched of [false, true]) {
      outcomes.push(
        await runPutMessagesProbe(world, nodeArgs, patched).then(
          (result) => ({ heap, patched, result, error: null }),
          (error: unknown) => ({ heap, patched, result: null, error: firstLine(error) }),
        ),
      );
    }
  }
  return outcomes;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // A V8 heap exhaustion ends with this line in the probe's stderr; name it rather than the stack.
  if (/heap out of memory|Heap::CollectGarbage/.test(text)) return 'crashed: JavaScript heap out of memory';
  return text.split('\n')[0]!.slice(0, 200);
}

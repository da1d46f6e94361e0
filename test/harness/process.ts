import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Process lifecycle of one function process: spawn with an exact environment, capture its output
 * (stdout and stderr interleaved, in arrival order), remember how it ended, and sample its peak
 * resident memory (VmHWM) while it lives.
 */
export interface ExitInfo {
  code: number | null;
  signal: string | null;
}

export interface FunctionProcess {
  readonly pid: number | undefined;
  output(): string;
  exited(): ExitInfo | null;
  /** Resolves once the process has exited and its output streams are drained. */
  closed(): Promise<ExitInfo>;
  /** Reads VmHWM now (if alive) and returns the highest value seen so far, in kB. */
  samplePeakMemoryKb(): number | null;
  /** SIGTERM, then SIGKILL after graceMs; resolves when the process is gone. */
  terminate(graceMs?: number): Promise<ExitInfo>;
}

export interface SpawnOptions {
  nodeBinary: string;
  nodeArgs: string[];
  entry: string;
  cwd: string;
  env: Record<string, string>;
}

export function spawnFunctionProcess(options: SpawnOptions): FunctionProcess {
  const child: ChildProcess = spawn(options.nodeBinary, [...options.nodeArgs, options.entry], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  let exitInfo: ExitInfo | null = null;
  let peakKb: number | null = null;

  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8'); // a StringDecoder: multi-byte characters split across chunks survive
    stream?.on('data', (chunk: string) => {
      output += chunk;
    });
  }

  const closedPromise = new Promise<ExitInfo>((resolve) => {
    child.once('error', (error) => {
      // spawn failure (e.g. ENOENT for the node binary): there is no 'exit', only 'close'.
      output += `[harness] spawn error: ${error.message}\n`;
      exitInfo ??= { code: null, signal: null };
    });
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
    });
    child.once('close', (code, signal) => {
      exitInfo ??= { code, signal };
      resolve(exitInfo);
    });
  });

  const samplePeakMemoryKb = (): number | null => {
    if (exitInfo === null && child.pid !== undefined) {
      const kb = readVmHwmKb(child.pid);
      if (kb !== null && (peakKb === null || kb > peakKb)) peakKb = kb;
    }
    return peakKb;
  };

  const terminate = async (graceMs = 5000): Promise<ExitInfo> => {
    if (exitInfo === null) {
      samplePeakMemoryKb();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await closedPromise;
      } finally {
        clearTimeout(timer);
      }
    }
    return closedPromise;
  };

  return {
    pid: child.pid,
    output: () => output,
    exited: () => exitInfo,
    closed: () => closedPromise,
    samplePeakMemoryKb,
    terminate,
  };
}

function readVmHwmKb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
    return match?.[1] !== undefined ? Number(match[1]) : null;
  } catch {
    return null; // gone already, or not Linux
  }
}

import { randomUUID } from 'node:crypto';
import { chown, lstat, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnFunctionProcess, type FunctionProcess } from './process';
import { postCall, type InvokeOptions, type InvokeResult } from './request';

export type { InvokeOptions, InvokeResult } from './request';

/**
 * Starts an fdk-node function the way the Fn agent does: FN_FORMAT=http-stream,
 * FN_LISTENER=unix:<fresh dir>/lsnr.sock, ready once the fdk has made the `lsnr.sock` symlink
 * (to `lsnr.sock.tmp`), then `POST /call` over that socket.
 */
export interface StartFunctionOptions {
  /** Default: <repo>/dist/func.js. */
  entry?: string;
  /** The process's working directory (an image's WORKDIR). Default: the entry's folder. */
  cwd?: string;
  /** Default: process.env.FN_TEST_NODE ?? process.execPath. */
  nodeBinary?: string;
  nodeArgs?: string[];
  /** Merged over PATH/HOME/TMPDIR only (or over `baseEnv`); may override FN_FORMAT, never FN_LISTENER. */
  env: Record<string, string>;
  /** What `env` is merged over. Default: this process's PATH, HOME and TMPDIR. */
  baseEnv?: Record<string, string>;
  /**
   * Where the socket's fresh directory is made (default: the system's temporary folder), and who
   * owns it: a function run as another user (an image's UID 1000) must be able to bind there.
   */
  socketParent?: string;
  socketOwner?: { uid: number; gid: number };
  /** Default 15000. */
  startTimeoutMs?: number;
  /** How often to look for the socket while starting. Default 10 ms; a benchmark timing starts wants less. */
  readyPollMs?: number;
}

export interface RunningFunction {
  invoke(body: Buffer | string | object, options?: InvokeOptions): Promise<InvokeResult>;
  output(): string;
  exited(): { code: number | null; signal: string | null } | null;
  peakMemoryKb(): number | null;
  /** The node process's id, for reading its /proc entries. */
  pid: number | undefined;
  socketDirectory: string;
  stop(): Promise<void>;
}

const REPO_ROOT = resolve(__dirname, '..', '..');
export const DEFAULT_ENTRY = join(REPO_ROOT, 'dist', 'func.js');
const SOCKET_NAME = 'lsnr.sock';
const POLL_MS = 10;
/** sun_path is 108 bytes on Linux; the fdk binds `<dir>/lsnr.sock.tmp`. */
const MAX_SOCKET_PATH = 107;

export async function startFunction(options: StartFunctionOptions): Promise<RunningFunction> {
  const entry = resolve(options.entry ?? DEFAULT_ENTRY);
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  const socketDirectory = await mkdtemp(join(options.socketParent ?? tmpdir(), 'fn-harness-'));
  if (options.socketOwner) await chown(socketDirectory, options.socketOwner.uid, options.socketOwner.gid);
  const socketPath = join(socketDirectory, SOCKET_NAME);
  if (Buffer.byteLength(`${socketPath}.tmp`) > MAX_SOCKET_PATH) {
    await rm(socketDirectory, { recursive: true, force: true });
    throw new Error(`socket path too long for a unix socket (set a shorter TMPDIR): ${socketPath}.tmp`);
  }

  const proc = spawnFunctionProcess({
    nodeBinary: options.nodeBinary ?? process.env.FN_TEST_NODE ?? process.execPath,
    nodeArgs: options.nodeArgs ?? [],
    entry,
    cwd: options.cwd ?? dirname(entry),
    env: { ...(options.baseEnv ?? minimalBaseEnv()), FN_FORMAT: 'http-stream', ...options.env, FN_LISTENER: `unix:${socketPath}` },
  });

  try {
    await waitForSocket(proc, socketPath, startTimeoutMs, options.readyPollMs ?? POLL_MS);
  } catch (error) {
    await proc.terminate(1000);
    await rm(socketDirectory, { recursive: true, force: true });
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    socketDirectory,
    pid: proc.pid,
    output: () => proc.output(),
    exited: () => proc.exited(),
    peakMemoryKb: () => proc.samplePeakMemoryKb(),
    invoke: async (body, invokeOptions) => {
      try {
        return await postCall(socketPath, body, invokeOptions);
      } catch (error) {
        // If the process died, give it a moment so its last words (a stack trace) are in the message.
        await Promise.race([proc.closed(), sleep(500)]);
        throw new Error(`invoke failed: ${describe(error)}${describeProcess(proc)}`, { cause: error });
      } finally {
        proc.samplePeakMemoryKb();
      }
    },
    stop: () => {
      stopping ??= (async () => {
        await proc.terminate();
        await rm(socketDirectory, { recursive: true, force: true });
        await keepOutputForScan(proc.output());
      })();
      return stopping;
    },
  };
}

/**
 * With FN_TEST_LOG_DIR set (npm run test:e2e sets it), every function's whole output is kept
 * there, so a last test can scan all of it for leaked content or credentials.
 */
async function keepOutputForScan(output: string): Promise<void> {
  const dir = process.env['FN_TEST_LOG_DIR'];
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${Date.now()}-${process.pid}-${randomUUID()}.log`), output);
}

function minimalBaseEnv(): Record<string, string> {
  const base: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR'] as const) {
    const value = process.env[key];
    if (value !== undefined) base[key] = value;
  }
  return base;
}

async function waitForSocket(proc: FunctionProcess, socketPath: string, timeoutMs: number, pollMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exited() !== null) {
      await proc.closed(); // drain the output
      throw new Error(`function process exited before listening${describeProcess(proc)}`);
    }
    if (await isSymlink(socketPath)) return;
    if (Date.now() >= deadline) {
      throw new Error(`function did not create ${socketPath} within ${timeoutMs} ms${describeProcess(proc)}`);
    }
    await sleep(pollMs);
  }
}

async function isSymlink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeProcess(proc: FunctionProcess): string {
  const exit = proc.exited();
  const state = exit === null ? 'still running' : `exited code=${exit.code} signal=${exit.signal}`;
  return ` (process ${state}); output:\n${proc.output()}`;
}

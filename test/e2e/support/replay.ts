import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runReplayCommand } from '../../../src/replay/cli';
import type { EmulatorOptions } from '../../emulator';
import { apiKeyEnv, createTestCredentials, type TestCredentials } from '../../support/credentials';
import { StreamTap } from './stream-reading';
import { startWorld, type World, type WorldOptions } from './world';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const REPLAY_ENTRY = resolve(REPO_ROOT, 'dist', 'replay.js');

/**
 * The local world of a replay test: the emulator, the built function behind the Fn harness (for
 * live events and for `--invoke`, registered with the emulator's Functions invoke endpoint), and
 * the environment an operator gives `npm run replay`: an API key the emulator trusts, the
 * endpoints, and the function's own configuration (for `--direct`).
 */
export interface ReplayWorld {
  world: World;
  tap: StreamTap;
  functionId: string;
  /** The operator's environment for the CLI. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startReplayWorld(options: { config?: WorldOptions['config']; emulator?: EmulatorOptions; credentials?: TestCredentials } = {}): Promise<ReplayWorld> {
  // The CLI signs every listing, read and publish of a backfill with this key.
  const credentials = options.credentials ?? createTestCredentials({ apiKeyBits: 1024 });
  const world = await startWorld({
    credentials,
    ...(options.config ? { config: options.config } : {}),
    emulator: { trustedApiKeys: [{ keyId: credentials.apiKey.keyId, publicKeyPem: credentials.apiKey.publicKeyPem }], ...options.emulator },
  });
  const functionId = world.emulator.registerFunction(async (body) => {
    const result = await world.fn.invoke(body);
    return { status: result.status, body: result.rawBody };
  });
  const env: Record<string, string> = {
    ...apiKeyEnv(credentials),
    OCI_AUTH: 'api_key',
    OCI_OBJECTSTORAGE_ENDPOINT: world.emulator.url,
    OCI_FUNCTIONS_ENDPOINT: world.emulator.url,
    OCI_STREAM_OCID: world.streamId,
    OCI_STREAM_ENDPOINT: world.emulator.url,
    ...Object.fromEntries(Object.entries(options.config ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined)),
  };
  return { world, tap: new StreamTap(world), functionId, env, stop: () => world.stop() };
}

export interface ReplayRun {
  code: number;
  lines: string[];
  output: string;
}

/** The CLI's own code in this process (the SDK talking to the emulator over loopback). */
export async function replayInProcess(argv: string[], env: Record<string, string>, options: { signal?: AbortSignal; stdin?: string } = {}): Promise<ReplayRun> {
  const lines: string[] = [];
  const code = await runReplayCommand(argv, env, {
    print: (line) => lines.push(line),
    progressStream: new PassThrough(),
    stdin: Readable.from([options.stdin ?? '']),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { code, lines, output: lines.join('\n') };
}

export interface ChildRun {
  /** Resolves when the process has exited and its output is drained. */
  done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
  stdout(): string;
  kill(signal: NodeJS.Signals): void;
}

/** A built CLI as an operator runs it (`node dist/replay.js`, which `npm run replay` runs, unless another entry is given). */
export function replayChild(argv: string[], env: Record<string, string>, entry = REPLAY_ENTRY): ChildRun {
  const child = spawn(process.env['FN_TEST_NODE'] ?? process.execPath, [entry, ...argv], {
    cwd: REPO_ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolveDone, fail) => {
    child.once('error', fail);
    child.once('close', (code, signal) => resolveDone({ code, signal, stdout, stderr }));
  });
  return { done, stdout: () => stdout, kill: (signal) => child.kill(signal) };
}

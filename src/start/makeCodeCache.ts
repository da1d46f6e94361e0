/**
 * npm run build:code-cache -- <node flags>: makes dist/function.codecache by starting the built
 * function once, as the image starts it, and keeping what V8 compiled. Run it with the node
 * binary and the exact node flags of the image's ENTRYPOINT (V8 rejects a cache made with other
 * flags or another version; the function then compiles as without one). The start-up uses
 * throw-away credentials made here, never real ones, and serves no event.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CODE_CACHE_NAME, CODE_CACHE_OUT_VARIABLE } from './loader';

const DIST = resolve(__dirname, '..', '..', 'dist');
const START_TIMEOUT_MS = 30_000;

function usage(problem: string): never {
  console.error(`${problem}\nusage: npm run build:code-cache -- <the node flags of the image's ENTRYPOINT, e.g. --max-old-space-size=64>`);
  process.exit(2);
}

function throwAwayResourcePrincipal(dir: string): Record<string, string> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const token = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ exp: Math.floor(Date.now() / 1000) + 3600 })}.${part({})}`;
  writeFileSync(join(dir, 'rpst'), token, { mode: 0o600 });
  writeFileSync(join(dir, 'rp.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return {
    OCI_RESOURCE_PRINCIPAL_VERSION: '2.2',
    OCI_RESOURCE_PRINCIPAL_RPST: join(dir, 'rpst'),
    OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM: join(dir, 'rp.pem'),
    OCI_RESOURCE_PRINCIPAL_REGION: 'us-ashburn-1',
  };
}

async function main(): Promise<void> {
  const flags = process.argv.slice(2);
  if (flags.length === 0) usage('No node flags given.');
  const notFlags = flags.filter((flag) => !flag.startsWith('--'));
  if (notFlags.length > 0) usage(`Not node flags: ${notFlags.join(' ')}`);
  if (!existsSync(join(DIST, 'func.js'))) usage('dist/func.js is missing: run npm run build first.');

  const dir = mkdtempSync(join(tmpdir(), 'fn-code-cache-'));
  const out = join(DIST, CODE_CACHE_NAME);
  const child = spawn(process.execPath, [...flags, join(DIST, 'func.js')], {
    cwd: DIST,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env['PATH'] ?? '',
      FN_FORMAT: 'http-stream',
      FN_LISTENER: `unix:${join(dir, 'lsnr.sock')}`,
      OCI_STREAM_OCID: 'ocid1.stream.oc1.iad.codecachecodecachecodecachecodecache',
      OCI_STREAM_ENDPOINT: 'http://127.0.0.1:9',
      ALLOWED_BUCKETS: 'code-cache',
      ...throwAwayResourcePrincipal(dir),
      [CODE_CACHE_OUT_VARIABLE]: out,
    },
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const cleanUp = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!existsSync(join(dir, 'lsnr.sock'))) {
      if (child.exitCode !== null) throw new Error(`the function exited (code ${child.exitCode}) before listening`);
      if (Date.now() > deadline) throw new Error(`the function did not listen within ${START_TIMEOUT_MS} ms`);
      await sleep(10);
    }
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0 || !existsSync(out)) throw new Error(`the function did not write ${out} (exit code ${code})`);
    console.log(`wrote ${out} with ${process.execPath} ${process.version} ${flags.join(' ')}`);
  } finally {
    cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(`code cache not made: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

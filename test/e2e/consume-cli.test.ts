import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { markedContent } from '../support/content';
import { replayChild, startReplayWorld, type ReplayWorld } from './support/replay';
import { BUCKET } from './support/world';

/** `npm run consume` runs this: the built tool, as a newcomer runs it. */
const CONSUME_ENTRY = resolve(__dirname, '..', '..', 'dist', 'consume.js');

const SMALL = 'consume/small.txt';
const MEDIUM = 'consume/medium.txt';
const LARGE = 'consume/large.bin';

let replay: ReplayWorld;
let dir: string;
const content = new Map<string, Buffer>([
  [SMALL, markedContent(500)],
  [MEDIUM, markedContent(5_000)],
  [LARGE, markedContent(1_500_000)],
]);
before(async () => {
  replay = await startReplayWorld({ config: { PUBLISH_BYTES_PER_SECOND: '100000000' } });
  dir = mkdtempSync(join(tmpdir(), 'consume-cli-'));
  for (const [name, bytes] of content) assert.equal((await replay.world.uploadAndInvoke(name, bytes)).status, 200);
});
after(async () => {
  await replay?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function consume(argv: string[], env: Record<string, string> = replay.env): Promise<{ code: number | null; stdout: string; stderr: string; text: string }> {
  const child = spawn(process.env['FN_TEST_NODE'] ?? process.execPath, [CONSUME_ENTRY, ...argv], {
    env: { PATH: process.env['PATH'] ?? '', HOME: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr, text: `exit ${code}\n${stdout}\n${stderr}` }));
  });
}

/** Every file under `root`, relative to it. */
function filesUnder(root: string): string[] {
  return existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1)).sort() : [];
}

describe('npm run consume (dist/consume.js)', () => {
  test('--out writes every verified object up to the default maximum object size', async () => {
    const out = join(dir, 'all');
    const run = await consume(['--out', out]);
    assert.equal(run.code, 0, run.text);
    assert.deepEqual(filesUnder(out), [LARGE, MEDIUM, SMALL].sort());
    for (const [name, bytes] of content) assert.ok(readFileSync(join(out, name)).equals(bytes), name);
  });

  test('--max-object-bytes: what is over it is checked, not written, and a line says so', async () => {
    const out = join(dir, 'bounded');
    const run = await consume(['--out', out, '--max-object-bytes', '4999']);
    assert.equal(run.code, 0, run.text);
    assert.deepEqual(filesUnder(out), [SMALL]);
    assert.match(run.stdout, /inline "consume\/medium\.txt" 5000 bytes sha256 verified [0-9a-f]{64}; not written: 5000 bytes is over the largest object to write \(4999 bytes\) \(--max-object-bytes\)/);
    assert.match(run.stdout, /chunked "consume\/large\.bin" 1500000 bytes sha256 verified [0-9a-f]{64}; not written: 1500000 bytes is over the largest object to write \(4999 bytes\)/);
  });

  test('usage errors exit 2, name the option and point to --help; --help exits 0', async () => {
    const misspelt = await consume(['--endpointt', replay.world.emulator.url]);
    assert.equal(misspelt.code, 2, misspelt.text);
    assert.match(misspelt.stdout, /^consume: unknown option --endpointt$/m);
    assert.match(misspelt.stdout, /Nothing was read\. See npm run consume -- --help$/m);
    assert.equal(misspelt.stderr, '');

    const none = await consume([], { PATH: process.env['PATH'] ?? '' });
    assert.equal(none.code, 2, none.text);
    assert.match(none.stdout, /^Usage: npm run consume/);
    assert.match(none.stdout, /consume: needs --endpoint URL \(or OCI_STREAM_ENDPOINT\)/);

    const help = await consume(['--help']);
    assert.equal(help.code, 0, help.text);
    assert.match(help.stdout, /--max-object-bytes/);
  });

  test('OCI_AUTH is checked one way for consume and replay: a wrong value is named, exit 2, nothing read', async () => {
    const before = replay.world.emulator.requests().length;
    const run = await consume([], { ...replay.env, OCI_AUTH: 'apikey' });
    assert.equal(run.code, 2, run.text);
    assert.equal(run.stdout, 'consume: OCI_AUTH must be one of resource_principal, api_key, config_file, got "apikey".\n');
    assert.doesNotMatch(run.text, /\n\s+at /, 'no stack trace');
    const replayed = await replayChild(['--bucket', BUCKET, '--invoke', replay.functionId], { ...replay.env, OCI_AUTH: 'apikey' }).done;
    assert.equal(replayed.code, 2, `${replayed.stdout}\n${replayed.stderr}`);
    assert.equal(replayed.stdout, 'replay: OCI_AUTH must be one of resource_principal, api_key, config_file, got "apikey".\n');
    assert.equal(replay.world.emulator.requests().length, before, 'no request was made');
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { runDemo, SAMPLE_NAMES } from '../demo/demo';

const REPO_ROOT = resolve(__dirname, '..', '..');

function runDemoEntry(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/demo/main.ts'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

// Keeps the README's `npm run demo` true: the same entry, as a user runs it after `npm ci`.
test('the demo entry exits 0 and shows every uploaded object rebuilt from the stream and verified', { timeout: 60_000 }, async () => {
  const { code, stdout, stderr } = await runDemoEntry();
  const rebuiltDir = /^ {2}rebuilt files: (\S+)/m.exec(stdout)?.[1];
  if (rebuiltDir) await rm(rebuiltDir, { recursive: true, force: true });

  assert.equal(code, 0, `demo exited ${code}\n${stdout}\n${stderr}`);
  const lines = stdout.split('\n');
  for (const name of SAMPLE_NAMES) {
    const verified = lines.find((line) => line.startsWith(`  ${name} `) && line.endsWith('sha256 verified, matches upload, file identical'));
    assert.ok(verified, `no verified line for ${name} in:\n${stdout}`);
  }
  assert.match(stdout, new RegExp(`^RESULT: OK - ${SAMPLE_NAMES.length} of ${SAMPLE_NAMES.length} uploaded objects`, 'm'));
  assert.match(stdout, /payroll\/salaries-2026\.csv +502 .*BucketNotAllowedError/);
  assert.match(stdout, /^ {2}p0@\d+ +examplens\/uploads\/hello\.txt +none /m);
  assert.match(stdout, /^ {4}npm run consume -- --endpoint \S+ --stream /m);
  // The demo ends with a backfill of its bucket; the consumer recognises every replayed message.
  assert.match(stdout, /^8\. Backfill: npm run replay -- --bucket uploads --direct/m);
  assert.match(stdout, /^ {2}\| {3}published 3 \(7 messages, 3\.1 MB of content\), skipped 0, failed 0$/m);
  assert.match(stdout, /^ {2}replayed and verified: 3 of 3 objects in the bucket, each recognised as a replay$/m);
  assert.equal(stderr, '', 'the demo writes nothing to stderr when all is well');
});

test('the demo fails when an upload does not come back from the stream', { timeout: 60_000 }, async () => {
  const [, , , large] = SAMPLE_NAMES;
  const printed: string[] = [];
  const result = await runDemo((line) => printed.push(line), {
    keepOutput: false,
    // Overwritten before its event fires: the function answers `skipped`, so nothing is published for it.
    afterUploads: (emulator) => emulator.putObject('examplens', 'uploads', large, Buffer.from('overwritten')),
  });
  assert.equal(result.ok, false);
  assert.deepEqual(result.verified, SAMPLE_NAMES.filter((name) => name !== large));
  assert.ok(result.problems.some((problem) => problem.includes(`${large}: never rebuilt from the stream`)), result.problems.join('\n'));
  assert.ok(printed.includes(`RESULT: FAILED - 3 of 4 uploaded objects verified; ${result.problems.length} problem(s):`), printed.join('\n'));
});

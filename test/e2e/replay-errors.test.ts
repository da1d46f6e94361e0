import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { markedContent } from '../support/content';
import { replayChild, replayInProcess, startReplayWorld, type ReplayWorld } from './support/replay';
import { BUCKET } from './support/world';

let replay: ReplayWorld;
let dir: string;
before(async () => {
  replay = await startReplayWorld();
  dir = mkdtempSync(join(tmpdir(), 'replay-errors-'));
  replay.world.upload('errors/one.txt', markedContent(50));
  replay.world.upload('errors/two.txt', markedContent(60));
});
afterEach(() => {
  replay.world.emulator.clearFaults();
  assert.equal(replay.world.emulator.messages(replay.world.streamId).length, 0, 'nothing reached the stream');
});
after(async () => {
  await replay?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function cli(argv: string[], env = replay.env) {
  const run = await replayChild(argv, env).done;
  return { ...run, text: `exit ${run.code}\n${run.stdout}\n${run.stderr}` };
}

function operations(): string[] {
  return replay.world.emulator.requests().map((r) => r.operation);
}

describe('bad arguments: every problem named, exit 2, nothing sent', () => {
  test('no arguments print the usage', async () => {
    const run = await cli([]);
    assert.equal(run.code, 2, run.text);
    assert.match(run.stdout, /^Usage: npm run replay -- <what> <how> \[options\]/);
    assert.equal(run.stderr, '');
  });

  test('--help prints the usage and exits 0', async () => {
    const run = await cli(['--help']);
    assert.equal(run.code, 0, run.text);
    assert.match(run.stdout, /--from-log FILE/);
  });

  test('wrong arguments are all listed together', async () => {
    const before = operations().length;
    const run = await cli(['--bucket', 'has/slash', '--concurrency', '0', '--since', 'yesterday', '--invoke', 'not-an-ocid', '--direct', '--frobnicate', 'stray']);
    assert.equal(run.code, 2, run.text);
    for (const problem of [
      /replay: --bucket must be letters, digits/,
      /replay: --concurrency must be at least 1/,
      /replay: --since must be an RFC 3339 time/,
      /replay: --invoke must be a function OCID/,
      /replay: choose one of --invoke, --direct/,
      /replay: unknown option --frobnicate/,
      /replay: unexpected argument "stray"/,
    ]) {
      assert.match(run.stdout, problem);
    }
    assert.match(run.stdout, /Nothing was sent/);
    assert.doesNotMatch(run.text, /\n\s+at /, 'no stack trace');
    assert.equal(operations().length, before, 'no request was made');
  });
});

describe('what is missing or denied is found before anything is sent', () => {
  test('a bucket that does not exist', async () => {
    const run = await cli(['--bucket', 'no-such-bucket', '--direct']);
    assert.equal(run.code, 2, run.text);
    assert.match(run.stdout, /Listing examplens\/no-such-bucket answered 404 BucketNotFound .*"inspect objects"/);
    assert.doesNotMatch(run.text, /\n\s+at /);
  });

  test('listing refused (no "inspect objects")', async () => {
    replay.world.emulator.injectFault({ operation: 'listObjects', status: 404, code: 'NotAuthorizedOrNotFound', times: 5 });
    const run = await cli(['--bucket', BUCKET, '--invoke', replay.functionId]);
    assert.equal(run.code, 2, run.text);
    assert.match(run.stdout, /Listing examplens\/uploads answered 404 NotAuthorizedOrNotFound .*policy lets you "inspect objects".*Nothing was sent/);
    assert.ok(!operations().includes('invokeFunction'));
  });

  test('an API key the service does not know', async () => {
    const run = await replayInProcess(['--bucket', BUCKET, '--namespace', 'examplens', '--direct'], { ...replay.env, OCI_FINGERPRINT: '00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff' });
    assert.equal(run.code, 2, run.output);
    assert.match(run.output, /Listing examplens\/uploads answered 401 NotAuthenticated/);
  });

  test('a function that cannot be looked up (no "read fn-function")', async () => {
    const before = operations().length;
    const run = await replayInProcess(['--bucket', BUCKET, '--invoke', 'ocid1.fnfunc.oc1.iad.aaaaaaaaunknown'], replay.env);
    assert.equal(run.code, 2, run.output);
    assert.match(run.output, /Looking up function ocid1\.fnfunc\.oc1\.iad\.aaaaaaaaunknown answered 404 NotAuthorizedOrNotFound .*"read fn-function".*--invoke-endpoint/);
    assert.deepEqual(operations().slice(before), ['getFunction'], 'looked up first; nothing listed or invoked');
  });

  test('invoking refused (no "use fn-invocation"): the run stops at the first object, exit 1', async () => {
    const before = operations().length;
    replay.world.emulator.injectFault({ operation: 'invokeFunction', status: 404, code: 'NotAuthorizedOrNotFound', times: 10 });
    const run = await cli(['--bucket', BUCKET, '--invoke', replay.functionId]);
    assert.equal(run.code, 1, run.text);
    assert.match(run.stdout, /Replay stopped after .*\n {2}published 0 .*failed 1, not started 1/);
    assert.match(run.stdout, /Stopped at the first failure that every object would meet: PermanentRemoteError: Functions invokeFunction answered 404 NotAuthorizedOrNotFound .*"use fn-invocation"/);
    assert.deepEqual(operations().slice(before).filter((op) => op === 'invokeFunction'), ['invokeFunction']);
  });

  test('publishing refused (no "use stream-push") with --direct: the run stops at the first object, exit 1', async () => {
    const before = operations().length;
    replay.world.emulator.injectFault({ operation: 'putMessages', status: 404, code: 'NotAuthorizedOrNotFound', times: 10 });
    const run = await cli(['--bucket', BUCKET, '--direct', '--concurrency', '1']);
    assert.equal(run.code, 1, run.text);
    assert.match(run.stdout, /Stopped at the first failure that every object would meet: PermanentRemoteError: Streaming putMessages answered 404 .*"use stream-push"/);
    assert.deepEqual(operations().slice(before).filter((op) => op === 'putMessages'), ['putMessages']);
  });

  test('--direct without the function configuration names each missing setting and sends no request', async () => {
    const before = operations().length;
    const env = Object.fromEntries(Object.entries(replay.env).filter(([name]) => name !== 'OCI_STREAM_OCID' && name !== 'OCI_STREAM_ENDPOINT'));
    const run = await replayInProcess(['--bucket', BUCKET, '--direct'], { ...env, MAX_MESSAGE_BYTES: 'lots' });
    assert.equal(run.code, 2, run.output);
    assert.match(run.output, /Invalid function configuration: OCI_STREAM_OCID: is required; OCI_STREAM_ENDPOINT: is required; MAX_MESSAGE_BYTES: must be a whole number/);
    assert.equal(operations().length, before);
  });

  test('an unreadable state file', async () => {
    const run = await cli(['--bucket', BUCKET, '--direct', '--state', dir]);
    assert.equal(run.code, 2, run.text);
    assert.match(run.stdout, /The state file ".*" cannot be read \(EISDIR\)/);
    const garbage = join(dir, 'garbage.jsonl');
    writeFileSync(garbage, 'this is not\na state file\n');
    const second = await replayInProcess(['--bucket', BUCKET, '--direct', '--state', garbage], replay.env);
    assert.equal(second.code, 2, second.output);
    assert.match(second.output, /The state file ".*garbage\.jsonl" has a line that is not a state record \(line 1\)/);
  });

  test('an events file with lines the function would refuse names each line', async () => {
    const events = join(dir, 'events.jsonl');
    writeFileSync(events, `${JSON.stringify(replay.world.eventFor('createobject-unversioned', { name: 'errors/one.txt' }))}\n{"eventType": "com.oraclecloud.computeapi.launchinstance.end"}\n\nnot json\n`);
    const run = await replayInProcess(['--events', events, '--direct'], replay.env);
    assert.equal(run.code, 2, run.output);
    assert.match(run.output, /2 line\(s\) of ".*events\.jsonl" are not object events the function accepts/);
    assert.match(run.output, /line 2: Expected an OCI Object Storage object event .*got eventType "com\.oraclecloud\.computeapi\.launchinstance\.end"/);
    assert.match(run.output, /line 4: .*the body is not JSON/);
  });
});

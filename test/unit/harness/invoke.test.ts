import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startFunction, type RunningFunction } from '../../harness/index';

const FIXTURES = join(__dirname, '..', '..', 'harness', 'fixtures');

interface Echo {
  length: number;
  callId: string;
  deadline: string;
  header: Record<string, string[]>;
}

describe('harness invoke against the echo fixture', () => {
  let fn: RunningFunction;
  before(async () => {
    fn = await startFunction({ entry: join(FIXTURES, 'echo-func.js'), env: { SOME_CONFIG: 'x' } });
  });
  after(async () => {
    await fn.stop();
  });

  it('hands the body, call id and deadline to the handler', async () => {
    const before = Date.now();
    const result = await fn.invoke('hello world', { callId: 'call-1', deadlineMs: 10_000 });
    assert.equal(result.status, 200);
    const echo = result.json as Echo;
    assert.equal(echo.length, 11);
    assert.equal(echo.callId, 'call-1');
    const deadline = Date.parse(echo.deadline);
    assert.ok(deadline >= before + 10_000 && deadline <= Date.now() + 10_000, echo.deadline);
    const sent = echo.header['Fn-Deadline']?.[0] ?? '';
    assert.match(sent, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(echo.header['Fn-Call-Id'], ['call-1']);
    assert.deepEqual(echo.header['Content-Type'], ['application/json']);
    assert.ok(result.durationMs >= 0);
  });

  it('answers application/json with the fdk version headers', async () => {
    const result = await fn.invoke({ a: 1 });
    assert.equal(result.headers['content-type'], 'application/json');
    assert.match(String(result.headers['fn-fdk-version']), /^fdk-node\/0\.0\.76 /);
    assert.match(String(result.headers['fn-fdk-runtime']), /^node\//);
    assert.equal((result.json as Echo).length, JSON.stringify({ a: 1 }).length);
  });

  it('passes buffers byte for byte, canonicalises extra headers, honours contentType', async () => {
    const body = Buffer.from('é'.repeat(200_000), 'utf8'); // 400 000 bytes, several socket chunks
    const result = await fn.invoke(body, {
      contentType: 'application/octet-stream',
      headers: { 'fn-http-h-x_custom': 'v1', 'X-Other': 'v2' },
    });
    const echo = result.json as Echo;
    assert.equal(echo.length, 400_000);
    assert.deepEqual(echo.header['Content-Type'], ['application/octet-stream']);
    assert.deepEqual(echo.header['Fn-Http-H-X-Custom'], ['v1']);
    assert.deepEqual(echo.header['X-Other'], ['v2']);
  });

  it('generates a fresh call id when none is given, and headers can override the defaults', async () => {
    const a = (await fn.invoke('')).json as Echo;
    const b = (await fn.invoke('')).json as Echo;
    assert.notEqual(a.callId, b.callId);
    assert.ok(a.callId.length > 0);
    const c = (await fn.invoke('', { headers: { 'Fn-Deadline': '2030-01-01T00:00:00.000Z' } })).json as Echo;
    assert.equal(c.deadline, '2030-01-01T00:00:00.000Z');
  });

  it('samples peak memory while the process lives', () => {
    const kb = fn.peakMemoryKb();
    assert.ok(kb !== null && kb > 1000, String(kb));
  });
});

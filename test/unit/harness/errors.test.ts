import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startFunction, type RunningFunction } from '../../harness/index';

const ENTRY = join(__dirname, '..', '..', 'harness', 'fixtures', 'behaviour-func.js');

interface FdkError {
  message: string;
  detail: string;
}

describe('fdk-node error contract, as seen through the harness', () => {
  let fn: RunningFunction;
  before(async () => {
    fn = await startFunction({ entry: ENTRY, env: {} });
  });
  after(async () => {
    await fn.stop();
  });

  it('turns a thrown Error into a 502 with message and detail', async () => {
    const result = await fn.invoke('throw-error');
    assert.equal(result.status, 502);
    assert.equal(result.headers['content-type'], 'application/json');
    assert.deepEqual(result.json as FdkError, {
      message: 'Exception in function, consult logs for details',
      detail: 'Error: kaput',
    });
    assert.match(fn.output(), /Error 502 : \{"message":"Exception in function/);
  });

  it('waits for the handler promise, including a late rejection', async () => {
    const late = await fn.invoke('reject-later');
    assert.equal(late.status, 502);
    assert.equal((late.json as FdkError).detail, 'TypeError: late');
    const slow = await fn.invoke('slow');
    assert.equal(slow.status, 200);
    assert.deepEqual(slow.json, { slept: 300 });
    assert.ok(slow.durationMs >= 290, String(slow.durationMs));
  });

  it('uses toString() of non-Error throws', async () => {
    assert.equal(((await fn.invoke('throw-string')).json as FdkError).detail, 'just a string');
    assert.equal(((await fn.invoke('throw-object')).json as FdkError).detail, '[object Object]');
  });

  it('JSON-encodes a returned string; rawResult keeps the handler content type', async () => {
    assert.equal((await fn.invoke('return-string')).rawBody, '"plain"');
    const raw = await fn.invoke('raw');
    assert.equal(raw.rawBody, 'raw text');
    assert.equal(raw.headers['content-type'], 'text/plain');
  });

  it('gives the process only the minimal environment plus the configuration', async () => {
    process.env.HARNESS_LEAK_SENTINEL = 'leak';
    const other = await startFunction({ entry: ENTRY, env: { FN_APP_NAME: 'app', STREAM_OCID: 'ocid1.x' } });
    try {
      const { keys } = (await other.invoke('env')).json as { keys: string[] };
      assert.ok(!keys.includes('HARNESS_LEAK_SENTINEL'));
      for (const key of ['FN_FORMAT', 'FN_LISTENER', 'FN_APP_NAME', 'STREAM_OCID']) assert.ok(keys.includes(key), key);
      const allowed = new Set(['FN_FORMAT', 'FN_LISTENER', 'FN_APP_NAME', 'STREAM_OCID', 'PATH', 'HOME', 'TMPDIR']);
      assert.deepEqual(keys.filter((k) => !allowed.has(k)), []);
    } finally {
      delete process.env.HARNESS_LEAK_SENTINEL;
      await other.stop();
    }
  });

  it('merges the configuration over baseEnv instead of PATH, HOME and TMPDIR when given', async () => {
    const other = await startFunction({ entry: ENTRY, env: { FN_APP_NAME: 'app' }, baseEnv: { PATH: process.env.PATH ?? '', IMAGE_SETTING: '1' } });
    try {
      const { keys } = (await other.invoke('env')).json as { keys: string[] };
      assert.deepEqual([...keys].sort(), ['FN_APP_NAME', 'FN_FORMAT', 'FN_LISTENER', 'IMAGE_SETTING', 'PATH']);
    } finally {
      await other.stop();
    }
  });

  for (const body of ['throw-null', 'return-undefined']) {
    it(`crashes the process on ${body} (fdk bug): invoke rejects with the output`, async () => {
      const doomed = await startFunction({ entry: ENTRY, env: {} });
      try {
        await assert.rejects(doomed.invoke(body), (error: Error) => {
          assert.match(error.message, /socket hang up/);
          assert.match(error.message, /TypeError: Cannot read properties of (null|undefined)/);
          return true;
        });
        assert.deepEqual(doomed.exited(), { code: 1, signal: null });
      } finally {
        await doomed.stop();
      }
    });
  }
});

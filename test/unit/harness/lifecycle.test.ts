import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startFunction } from '../../harness/index';

const FIXTURES = join(__dirname, '..', '..', 'harness', 'fixtures');
const ECHO = join(FIXTURES, 'echo-func.js');

describe('harness process lifecycle', () => {
  it('listens on lsnr.sock.tmp behind a relative lsnr.sock symlink; stop() removes the directory', async () => {
    const fn = await startFunction({ entry: ECHO, env: {} });
    const link = join(fn.socketDirectory, 'lsnr.sock');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readlinkSync(link), 'lsnr.sock.tmp');
    assert.ok(lstatSync(join(fn.socketDirectory, 'lsnr.sock.tmp')).isSocket());
    assert.equal(fn.exited(), null);
    await fn.stop();
    assert.equal(existsSync(fn.socketDirectory), false);
    assert.deepEqual(fn.exited(), { code: null, signal: 'SIGTERM' });
    await fn.stop(); // idempotent
    assert.ok(fn.peakMemoryKb() !== null, 'sampled before SIGTERM');
  });

  it('makes the socket directory in socketParent when given', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'harness-parent-'));
    try {
      const fn = await startFunction({ entry: ECHO, env: {}, socketParent: parent });
      assert.equal(dirname(fn.socketDirectory), parent);
      assert.ok(lstatSync(join(fn.socketDirectory, 'lsnr.sock')).isSymbolicLink());
      await fn.stop();
      assert.equal(existsSync(fn.socketDirectory), false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('rejects with the output when the process exits at start', async () => {
    await assert.rejects(startFunction({ entry: join(FIXTURES, 'no-format-func.js'), env: {} }), (error: Error) => {
      assert.match(error.message, /exited before listening/);
      assert.match(error.message, /code=2/);
      assert.match(error.message, /does not support the '' format/);
      return true;
    });
  });

  it('rejects after startTimeoutMs when the socket never appears, killing the process', async () => {
    const started = Date.now();
    await assert.rejects(
      startFunction({ entry: join(FIXTURES, 'never-listens.js'), env: {}, startTimeoutMs: 300 }),
      (error: Error) => {
        assert.match(error.message, /within 300 ms/);
        assert.match(error.message, /starting but never listening/);
        return true;
      },
    );
    assert.ok(Date.now() - started < 5000);
  });

  it('passes nodeArgs to node', async () => {
    const fn = await startFunction({ entry: ECHO, env: {}, nodeArgs: ['--max-old-space-size=96', '--trace-warnings'] });
    try {
      assert.equal((await fn.invoke('abc')).status, 200);
    } finally {
      await fn.stop();
    }
  });

  it('runs two functions in parallel without clashing', async () => {
    const [a, b] = await Promise.all([
      startFunction({ entry: ECHO, env: {} }),
      startFunction({ entry: ECHO, env: {} }),
    ]);
    try {
      assert.notEqual(a.socketDirectory, b.socketDirectory);
      const [ra, rb] = await Promise.all([
        a.invoke('aaaa', { callId: 'call-a' }),
        b.invoke('bbbbbbbb', { callId: 'call-b' }),
      ]);
      assert.deepEqual([ra.status, rb.status], [200, 200]);
      assert.deepEqual(ra.json, { ...(ra.json as object), length: 4, callId: 'call-a' });
      assert.deepEqual(rb.json, { ...(rb.json as object), length: 8, callId: 'call-b' });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    assert.equal(existsSync(a.socketDirectory) || existsSync(b.socketDirectory), false);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageKey } from '../../../src/message/key';
import type { Clock } from '../../../src/ports';
import { runProbe, type ProbePorts, type ProbeTarget, type StreamedMessage } from '../../../src/doctor/probe';

const target: ProbeTarget = {
  functionId: 'ocid1.fnfunc.oc1.iad.one',
  invokeEndpoint: 'https://fn.example',
  streamId: 'ocid1.stream.oc1.iad.one',
  partitions: 2,
  streamEndpoint: 'https://cell-1.streaming.example',
  bucket: { namespace: 'ns', name: 'uploads', compartmentId: 'c', objectEventsEnabled: true },
  log: undefined,
};

/** A clock that moves only when the probe sleeps. */
function fakeClock(): Clock {
  let now = 1_000_000;
  return { now: () => now, sleep: async (ms) => void (now += ms) };
}

function fakePorts(overrides: Partial<ProbePorts> & { messagesAfterPolls?: (name: string) => StreamedMessage[] } = {}) {
  const calls: string[] = [];
  let uploaded = '';
  let polls = 0;
  const ports: ProbePorts = {
    watchFromLatest: async () => ({
      poll: async () => {
        polls++;
        return polls < 3 ? [] : (overrides.messagesAfterPolls?.(uploaded) ?? []);
      },
    }),
    putObject: async (_ns, _bucket, name) => {
      uploaded = name;
      calls.push('put');
      return { eTag: 'etag-1' };
    },
    deleteObject: async () => void calls.push('delete'),
    invokeFunction: async () => {
      calls.push('invoke');
      return { ok: false, detail: 'function failed' };
    },
    searchLog: async () => ({ ok: true, value: [] }),
    ...overrides,
  };
  return { ports, calls };
}

test('the message arrives: the time from upload to message, measured on the clock, and the probe deleted', async () => {
  const { ports, calls } = fakePorts({
    messagesAfterPolls: (name) => [{ partition: '1', offset: 42, key: messageKey({ namespace: 'ns', bucket: 'uploads', name }), value: Buffer.from('{"data":{"delivery":"inline"}}') }],
  });
  const [finding, ...rest] = await runProbe(ports, target, { timeoutMs: 10_000, clock: fakeClock() });
  assert.equal(finding!.status, 'pass');
  assert.match(finding!.detail, /^fn-streaming-doctor\/probe-\S+\.txt: uploaded, published as inline at partition 1 offset 42, 1000 ms from upload to message$/);
  assert.deepEqual(rest, []);
  assert.deepEqual(calls, ['put', 'delete']);
});

test('the upload is refused: not checked, with the permission, nothing to delete', async () => {
  const { ports, calls } = fakePorts({
    putObject: async () => {
      throw new Error('403 NotAuthorized');
    },
  });
  const findings = await runProbe(ports, target, { timeoutMs: 10_000, clock: fakeClock() });
  assert.deepEqual(findings.map((f) => [f.status, f.needs, f.detail]), [['not-checked', 'to upload to ns/uploads: manage objects with OBJECT_CREATE and OBJECT_DELETE on it', 'the upload failed: 403 NotAuthorized']]);
  assert.deepEqual(calls, []);
});

test('reading the stream fails halfway: not checked, and the probe object is still deleted', async () => {
  const { ports, calls } = fakePorts({
    watchFromLatest: async () => ({
      poll: async () => {
        throw new Error('socket hang up');
      },
    }),
  });
  const findings = await runProbe(ports, target, { timeoutMs: 10_000, clock: fakeClock() });
  assert.deepEqual(findings.map((f) => [f.status, f.detail]), [['not-checked', 'reading the stream failed: socket hang up']]);
  assert.deepEqual(calls, ['put', 'delete']);
});

test('no message: the function is invoked directly, and a failed delete is a warning with the command', async () => {
  const { ports, calls } = fakePorts({
    deleteObject: async () => {
      throw new Error('503 ServiceUnavailable');
    },
  });
  const findings = await runProbe(ports, target, { timeoutMs: 2_000, clock: fakeClock() });
  assert.deepEqual(findings.map((f) => [f.status, f.title]), [
    ['fail', "the probe's message reaches the stream"],
    ['warn', 'the probe object is deleted'],
  ]);
  assert.match(findings[0]!.detail, /within 2 s; invoked directly with the probe's event, the function failed \(function failed\); no readable invocation log/);
  assert.match(findings[1]!.fix!, /^oci os object delete --namespace-name ns --bucket-name uploads --object-name 'fn-streaming-doctor\/probe-\S+' --force$/);
  assert.deepEqual(calls, ['put', 'invoke']);
});

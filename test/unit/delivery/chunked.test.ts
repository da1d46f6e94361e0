import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SCENARIOS } from './chunkedScenarios';
import { runDelivery, type Trace } from './deliveryWorld';

const RECORDED: Record<string, Trace> = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'delivery', 'chunked-traces.json'), 'utf8'));

describe('chunked delivery, request by request', () => {
  it('every scenario has its recording', () => {
    assert.deepEqual(Object.keys(RECORDED).sort(), Object.keys(SCENARIOS).sort());
  });

  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    it(`${name}: the same requests, waits and answer as recorded`, async () => {
      const trace = await runDelivery(scenario);
      assert.deepEqual(JSON.parse(JSON.stringify(trace)), RECORDED[name]);
    });
  }

  it('each scenario takes the path it is named for', async () => {
    const traced = async (name: string) => runDelivery(SCENARIOS[name]!);
    const outcome = (trace: Trace) => ('outcome' in trace.result ? trace.result.outcome : assert.fail(JSON.stringify(trace.result)));
    const error = (trace: Trace) => ('error' in trace.result ? trace.result.error : assert.fail(JSON.stringify(trace.result)));
    const answers = (trace: Trace) => trace.requests.map((request) => request.answer);

    const quiet = await traced('quiet partition: paced at the average rate');
    assert.equal(outcome(quiet).messages, 9);
    assert.ok(answers(quiet).every((answer) => answer === 'accepted'));

    const shared = await traced('shared partition, time enough: gives way after each throttle, then follows the partition');
    assert.equal(outcome(shared).delivery, 'chunked');
    assert.ok(answers(shared).includes('throttled'));

    const partWay = outcome(await traced('shared partition, short of time: steps aside part-way'));
    assert.deepEqual([partWay.delivery, partWay.steppedAside?.chunksPublished, partWay.messages], ['reference', 2, 3]);

    const before = outcome(await traced('busy partition: steps aside before its first chunk'));
    assert.deepEqual([before.delivery, before.steppedAside?.chunksPublished, before.steppedAside?.observedBytesPerSecond], ['reference', 0, 0]);

    const between = await traced('throttled once, then slow round trips: steps aside between chunks');
    const referenceAt = between.requests.findIndex((request) => request.message === 'reference');
    assert.equal(between.requests[referenceAt - 1]?.answer, 'accepted', 'judged after an accepted chunk, not after a throttle');
    assert.equal(outcome(between).steppedAside?.chunksPublished, 3);

    const refused = error(await traced('a chunk refused: the rest is announced as not coming'));
    assert.equal(refused.name, 'DeliveryIncompleteError');
    assert.match(refused.message, /stopped after 3 of 9 chunks: .*Consumers were sent a reference message/);
    assert.match(error(await traced('a chunk refused and the reference refused too')).message, /could not be published either/);
    assert.match(error(await traced('stepped aside and the reference refused')).message, /stopped after 2 of 9 chunks: 2 of 9 chunks were published; the rest is not coming.*could not be published either/);

    const transient = await traced('server errors are retried with backoff, not judged');
    assert.equal(outcome(transient).messages, 9);
    assert.equal(answers(transient).filter((answer) => answer === 'transient').length, 3);

    const early = outcome(await traced('too slow a pace for the time left: a reference before reading'));
    assert.match(early.reason ?? '', /^Sending 9 chunks at PUBLISH_BYTES_PER_SECOND \(4096\) would take about \d+ s, but only 8 s remain/);
  });
});

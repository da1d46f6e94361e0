import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { remainingAfter } from '../../../src/delivery/plan';
import { neededAtPaceMs, PER_MESSAGE_ALLOWANCE_MS } from '../../../src/publish/pacer';
import { SCENARIOS } from './chunkedScenarios';
import { plannedFor, runDelivery, SAFETY_MARGIN_MS, type Scenario } from './deliveryWorld';

const QUIET = SCENARIOS['quiet partition: paced at the average rate']!;

describe('deliverEvent: whether a chunked delivery starts at all', () => {
  const plan = plannedFor(QUIET);
  if (plan.delivery !== 'chunked') assert.fail(`planned ${plan.delivery}`);
  const neededMs = neededAtPaceMs(remainingAfter(plan, 0), QUIET.publishBytesPerSecond, false);
  const withLeft = (leftMs: number): Scenario => ({ ...QUIET, deadlineMs: SAFETY_MARGIN_MS + leftMs });

  it('the estimate is when the pacer sends the last chunk, plus a round trip per chunk', async () => {
    const trace = await runDelivery(QUIET);
    assert.equal(trace.requests.length, plan.count);
    assert.ok(plan.lastMessageBytes < plan.fullMessageBytes / 2, 'the last chunk is short, as the case needs');
    const lastSentMs = trace.requests.at(-1)!.atMs;
    const estimatedMs = neededMs - plan.count * PER_MESSAGE_ALLOWANCE_MS;
    // The plan sizes every envelope at its widest (under 100 bytes a message more than sent).
    const overCountMs = ((plan.count - 1) * 100 * 1000) / QUIET.publishBytesPerSecond;
    assert.ok(lastSentMs <= estimatedMs && lastSentMs > estimatedMs - overCountMs, `last chunk sent at ${lastSentMs} ms, estimated ${estimatedMs} ms`);
  });

  it('starts when the time left is what the estimate needs, and finishes', async () => {
    const trace = await runDelivery(withLeft(neededMs));
    assert.deepEqual(
      trace.requests.map((request) => request.message),
      Array.from({ length: plan.count }, (_, index) => `chunk ${index}`),
    );
    assert.ok('outcome' in trace.result && trace.result.outcome.delivery === 'chunked');
  });

  it('one millisecond short, answers a reference before sending any chunk', async () => {
    const trace = await runDelivery(withLeft(neededMs - 1));
    assert.deepEqual(trace.requests.map((request) => request.message), ['reference']);
    const outcome = 'outcome' in trace.result ? trace.result.outcome : assert.fail(JSON.stringify(trace.result));
    assert.match(outcome.reason ?? '', /^Sending 9 chunks at PUBLISH_BYTES_PER_SECOND \(16384\) would take about \d+ s/);
  });

  it('a short last chunk is the one left unpaid, not a full budget: the time left the old estimate accepted now gets a reference', async () => {
    // deliver.ts used to leave a full MAX_MESSAGE_BYTES unpaid; the pacer holds the last chunk
    // until every other one is paid for, so a short last chunk was promised this much too soon.
    const promisedTooSoonMs = ((plan.fullMessageBytes - plan.lastMessageBytes) * 1000) / QUIET.publishBytesPerSecond;
    assert.ok(promisedTooSoonMs > 300);
    const trace = await runDelivery(withLeft(neededMs - promisedTooSoonMs));
    assert.deepEqual(trace.requests.map((request) => request.message), ['reference']);
  });
});

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildFloor, floorSubject, type Subject } from '../bench/subjects';
import { markedContent } from '../support/content';
import { deliverPlanned, probeInlineLimit } from './support/objects-sizing';
import { worldForSuite } from './support/suite';

/**
 * The benchmark's floor is only a fair comparison if it does the function's work: its messages
 * must meet the contract (schema, key, ids, chunk order, rebuilt by the consumer), inline exactly
 * where the function's planner says so, in as many chunks as the function sends.
 */
const budget = { maxMessageBytes: 1_000_000, maxObjectBytes: 64 * 1024 * 1024 };
let floor: { bundle: string; remove(): void } | undefined;
let subject: Subject | undefined;
const suite = worldForSuite(() => {
  floor = buildFloor();
  subject = floorSubject(floor.bundle);
  const { entry, cwd, nodeArgs } = subject.launch;
  return { entry: entry!, cwd: cwd!, nodeArgs: nodeArgs!, config: subject.env };
});
after(() => {
  subject?.remove();
  floor?.remove();
});

test('the floor publishes the largest inline object inline, as the contract says', async () => {
  const name = 'floor/largest-inline.bin';
  const size = probeInlineLimit(suite.world, name, budget);
  await deliverPlanned(suite.world, suite.tap, budget, name, markedContent(size), 'inline');
});

test('the floor chunks one byte more, in as many chunks as the function plans', async () => {
  const name = 'floor/chunked.bin';
  const size = probeInlineLimit(suite.world, name, budget) + 1;
  const published = await deliverPlanned(suite.world, suite.tap, budget, name, markedContent(size), 'chunked');
  assert.equal(published.planned.delivery, 'chunked');
  assert.equal(published.answer.messages, published.planned.count);
});

test('the floor chunks a 3 MB object in as many chunks as the function plans', async () => {
  const published = await deliverPlanned(suite.world, suite.tap, budget, 'floor/3mb.bin', markedContent(3_000_000), 'chunked');
  assert.equal(published.planned.delivery, 'chunked');
  assert.equal(published.answer.messages, published.planned.count);
});

import assert from 'node:assert/strict';
import { planDelivery, type DeliveryPlan } from '../../../src/delivery/plan';
import { parseEvent } from '../../../src/event/parse';
import { markedContent } from '../../support/content';
import { expectPublished, type Published } from './stream-expect';
import { expectedKey, type StreamTap } from './stream-reading';
import type { World } from './world';

/**
 * Object sizes at which deliveries change, worked out with the product's own planner for the
 * exact event and object a test sends, so a test can aim at a boundary and one byte either side.
 */

/** What the emulator serves for an object, as the function sees it in getObject's answer. */
export interface Served {
  size: number;
  contentType: string;
  eTag: string;
  versionId: string;
}

export interface Budget {
  maxMessageBytes: number;
  maxObjectBytes: number;
}

/** The emulator's content type for uploads that name none. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

function planFor(event: Record<string, any>, served: Served, budget: Budget): DeliveryPlan {
  const { event: parsed, raw } = parseEvent(JSON.stringify(event));
  const details = parsed.data.additionalDetails;
  const name = parsed.data.resourceName;
  return planDelivery({
    size: served.size,
    parts: {
      event: parsed,
      rawEvent: raw,
      object: { namespace: details.namespace, bucket: details.bucketName, name, ...served, sha256: null },
    },
    keyBytes: Buffer.byteLength(expectedKey(details.namespace, details.bucketName, name)),
    ...budget,
  });
}

/** The largest object size delivered inline for this event and object. */
export function inlineLimit(event: Record<string, any>, served: Omit<Served, 'size'>, budget: Budget): number {
  const inline = (size: number) => planFor(event, { ...served, size }, budget).delivery === 'inline';
  let low = 0;
  let high = budget.maxMessageBytes;
  assert.ok(inline(low) && !inline(high));
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (inline(middle)) low = middle;
    else high = middle;
  }
  return low;
}

/**
 * A size that splits into exactly `count` full chunks. The chunk size depends (through the widths
 * of the numbers in the envelope) on the object size, so iterate until the two agree.
 */
function exactChunksSize(event: Record<string, any>, served: Omit<Served, 'size'>, budget: Budget, count: number): { size: number; chunkSize: number } {
  let size = count * budget.maxMessageBytes;
  for (let round = 0; round < 10; round++) {
    const plan = planFor(event, { ...served, size }, budget);
    assert.equal(plan.delivery, 'chunked');
    if (plan.chunkSize * count === size) return { size, chunkSize: plan.chunkSize };
    size = plan.chunkSize * count;
  }
  throw new Error(`no size splits into exactly ${count} full chunks`);
}

/**
 * The event and served metadata of `name` as they will be when it is uploaded again: the ETag
 * and version id change with every upload but keep their width, which is all sizes depend on.
 */
function probe(world: World, name: string): { event: Record<string, any>; served: Omit<Served, 'size'> } {
  const uploaded = world.upload(name, markedContent(0));
  return { event: world.eventFor('createobject-unversioned', { name, eTag: uploaded.eTag }), served: { contentType: DEFAULT_CONTENT_TYPE, ...uploaded } };
}

export function probeInlineLimit(world: World, name: string, budget: Budget): number {
  const { event, served } = probe(world, name);
  return inlineLimit(event, served, budget);
}

export function probeExactChunks(world: World, name: string, budget: Budget, count: number): { size: number; chunkSize: number } {
  const { event, served } = probe(world, name);
  return exactChunksSize(event, served, budget, count);
}

/**
 * Uploads `content` as `name`, checks the planner expects `delivery` for exactly this event and
 * object, then invokes and checks the answer and the stream.
 */
export async function deliverPlanned(
  world: World,
  tap: StreamTap,
  budget: Budget,
  name: string,
  content: Buffer,
  delivery: 'inline' | 'chunked',
): Promise<Published & { planned: DeliveryPlan; event: Record<string, any>; invokedAt: number }> {
  const { eTag, versionId } = world.upload(name, content);
  const event = world.eventFor('createobject-unversioned', { name, eTag });
  const planned = planFor(event, { size: content.byteLength, contentType: DEFAULT_CONTENT_TYPE, eTag, versionId }, budget);
  assert.equal(planned.delivery, delivery, `the planner's view of ${content.byteLength} bytes`);
  const invokedAt = Date.now();
  const result = await world.fn.invoke(event);
  return { planned, event, invokedAt, ...(await expectPublished(world, tap, result, { name, delivery, content, event })) };
}

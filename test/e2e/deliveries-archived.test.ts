import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markedContent } from '../support/content';
import { expectPublished } from './support/stream-expect';
import { worldForSuite } from './support/suite';

/**
 * Events that do not say the object is archived (older events carry no archivalState) while the
 * object is: the read answers 409 NotRestored, and the consumer must still learn of the object.
 */

const suite = worldForSuite();

describe('an archived object whose event has no archivalState', () => {
  for (const archivalState of ['Archived', 'Restoring'] as const) {
    test(`stored ${archivalState}: published as a reference after a single refused read`, async () => {
      const name = `cold/no-state-${archivalState}.bin`;
      const { eTag } = suite.world.upload(name, markedContent(500), { archivalState });
      const event = suite.world.eventFor('createobject-unversioned', { name, eTag });
      assert.equal(event.data.additionalDetails.archivalState, undefined);

      const { answer, reading } = await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event), { name, delivery: 'reference', event });

      assert.match(answer.reason, /Archive storage .*until it is restored/);
      assert.equal(answer.bytes, 0);
      const reads = reading.requests.filter((r) => r.operation === 'getObject');
      assert.deepEqual(reads.map((r) => r.status), [409], 'read once, refused, and not retried');
      assert.deepEqual(reading.messages[0]!.value.data.object, {
        namespace: 'examplens',
        bucket: 'uploads',
        name,
        size: null,
        contentType: null,
        eTag,
        versionId: null,
        sha256: null,
      });
    });
  }

  test("a versioned event's reference carries both its version and its ETag", async () => {
    const name = 'cold/versioned.bin';
    const { eTag, versionId } = suite.world.upload(name, markedContent(500), { archivalState: 'Archived' });
    const event = suite.world.eventFor('createobject-versioned', { name, eTag, versionId });

    const { reading } = await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event), { name, delivery: 'reference', event });

    const { object } = reading.messages[0]!.value.data;
    assert.equal(object.versionId, versionId);
    assert.equal(object.eTag, eTag);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markedContent } from '../support/content';
import { expectPublished, expectRefused, expectSkipped } from './support/stream-expect';
import { sha256Hex } from './support/stream-reading';
import { worldForSuite } from './support/suite';

const suite = worldForSuite(() => ({}));

function getObjectPaths(reading: { requests: Array<{ operation: string; path: string }> }): string[] {
  return reading.requests.filter((r) => r.operation === 'getObject').map((r) => r.path);
}

describe('the sample events', () => {
  test('createobject (unversioned bucket) publishes the object pinned by its ETag', async () => {
    const name = 'reports/2026/q4-summary.csv';
    const content = markedContent(700);
    const { eTag, versionId } = suite.world.upload(name, content, { contentType: 'text/csv' });
    const event = suite.world.eventFor('createobject-unversioned', { name, eTag });

    const { reading } = await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event), { name, delivery: 'inline', content, event });

    const { data } = reading.messages[0]!.value;
    assert.deepEqual(data.object, {
      namespace: 'examplens',
      bucket: 'uploads',
      name,
      size: 700,
      contentType: 'text/csv',
      eTag,
      versionId,
      sha256: sha256Hex(content),
    });
    assert.equal(reading.messages[0]!.value.type, 'com.oraclecloud.objectstorage.createobject');
  });

  test('createobject (versioned bucket) reads exactly the version the event names', async () => {
    const name = 'versioned/report.bin';
    const content = markedContent(512);
    const { eTag, versionId } = suite.world.upload(name, content);
    const event = suite.world.eventFor('createobject-versioned', { name, eTag, versionId });

    const { reading } = await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event), { name, delivery: 'inline', content, event });

    assert.equal(reading.messages[0]!.value.data.object.versionId, versionId);
    const paths = getObjectPaths(reading);
    assert.equal(paths.length, 1);
    assert.ok(paths[0]!.includes(`versionId=${versionId}`), `getObject pinned by versionId: ${paths[0]}`);
  });

  test('a versioned event for an object overwritten since still reads the pinned version', async () => {
    const name = 'versioned/overwritten.bin';
    const first = markedContent(900);
    const pinned = suite.world.upload(name, first);
    suite.world.upload(name, markedContent(1300));
    const event = suite.world.eventFor('createobject-versioned', { name, ...pinned });

    const { reading } = await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event), { name, delivery: 'inline', content: first, event });

    assert.equal(reading.messages[0]!.value.data.object.versionId, pinned.versionId);
    assert.equal(reading.messages[0]!.value.data.object.eTag, pinned.eTag);
  });

  test('updateobject publishes the updated object', async () => {
    const name = 'hello.txt';
    suite.world.upload(name, markedContent(40));
    const content = markedContent(64);
    const { eTag } = suite.world.upload(name, content);
    const event = suite.world.eventFor('updateobject', { name, eTag });

    const { reading } = await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event), { name, delivery: 'inline', content, event });

    assert.equal(reading.messages[0]!.value.type, 'com.oraclecloud.objectstorage.updateobject');
    assert.equal(reading.messages[0]!.value.data.object.eTag, eTag);
  });

  test('deleteobject publishes delivery none, no content, with a reason, and reads nothing', async () => {
    const name = 'to-be-deleted.txt';
    suite.world.upload(name, markedContent(10));
    suite.world.emulator.deleteObject('examplens', 'uploads', name);
    const event = suite.world.eventFor('deleteobject', { name });

    const { answer, reading } = await expectPublished(suite.world, suite.tap, await suite.world.fn.invoke(event), { name, delivery: 'none', event });

    assert.equal(answer.messages, 1);
    assert.equal(answer.bytes, 0);
    const { data } = reading.messages[0]!.value;
    assert.equal(reading.messages[0]!.value.type, 'com.oraclecloud.objectstorage.deleteobject');
    assert.match(data.reason, /delete/i);
    assert.equal('content' in data, false, 'content is absent, not null');
    assert.equal(data.object.sha256, null);
    assert.equal(data.object.size, null);
    assert.deepEqual(getObjectPaths(reading), []);
  });
});

describe('objects that changed before the function read them', () => {
  test('an event for an object deleted since is skipped with a reason, and nothing is published', async () => {
    const name = 'gone.txt';
    const { eTag } = suite.world.upload(name, markedContent(20));
    suite.world.emulator.deleteObject('examplens', 'uploads', name);

    const answer = await expectSkipped(suite.world, suite.tap, await suite.world.invokeEvent('createobject-unversioned', { name, eTag }), /no longer exists/);

    assert.equal(answer.key, `examplens/uploads/${name}`);
    assert.equal(answer.bytes, 0);
  });

  test('an event whose ETag is no longer current (overwritten since) is skipped', async () => {
    const name = 'overwritten.txt';
    const { eTag } = suite.world.upload(name, markedContent(20));
    suite.world.upload(name, markedContent(30));

    await expectSkipped(suite.world, suite.tap, await suite.world.invokeEvent('createobject-unversioned', { name, eTag }), /overwritten/);
  });

  test('a versioned event whose version was deleted is skipped', async () => {
    const name = 'versioned/gone.bin';
    const pinned = suite.world.upload(name, markedContent(20));
    suite.world.emulator.deleteObject('examplens', 'uploads', name);

    await expectSkipped(suite.world, suite.tap, await suite.world.invokeEvent('createobject-versioned', { name, ...pinned }), /no longer exists/);
  });
});

describe('bodies that are not an object event', () => {
  const EXPECTED = /Expected an OCI Object Storage object event/;

  test('a body that is not JSON is refused, saying what was expected', async () => {
    const text = await expectRefused(suite.world, suite.tap, await suite.world.fn.invoke('{"eventType": "com.oraclecloud.objectstorage.createobject",'), [EXPECTED, /not JSON/]);
    assert.match(text, /InvalidEventError/);
  });

  test("another service's event is refused, naming its eventType", async () => {
    const foreign = {
      eventType: 'com.oraclecloud.computeapi.launchinstance.end',
      cloudEventsVersion: '0.1',
      eventTime: '2026-11-20T09:14:03Z',
      eventID: 'f00d',
      data: { resourceName: 'my-instance', additionalDetails: {} },
    };
    await expectRefused(suite.world, suite.tap, await suite.world.fn.invoke(foreign), [EXPECTED, /com\.oraclecloud\.computeapi\.launchinstance\.end/, /Events rule/]);
  });

  test('a JSON array (even of valid events) is refused as not an object', async () => {
    const name = 'in-an-array.txt';
    const { eTag } = suite.world.upload(name, markedContent(20));
    const event = suite.world.eventFor('createobject-unversioned', { name, eTag });

    await expectRefused(suite.world, suite.tap, await suite.world.fn.invoke([event]), [EXPECTED, /not an object/]);
  });

  test('an object event missing the object name is refused, naming the field', async () => {
    const event = suite.world.eventFor('createobject-unversioned', { name: 'x' });
    delete event['data']['resourceName'];

    await expectRefused(suite.world, suite.tap, await suite.world.fn.invoke(event), [EXPECTED, /data\.resourceName: is required/]);
  });

  test('the function keeps answering events after refusing bodies', async () => {
    const name = 'after-refusals.txt';
    const content = markedContent(33);
    const { eTag } = suite.world.upload(name, content);
    await expectPublished(suite.world, suite.tap, await suite.world.invokeEvent('createobject-unversioned', { name, eTag }), { name, delivery: 'inline', content });
  });
});

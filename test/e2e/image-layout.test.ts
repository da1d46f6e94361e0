import assert from 'node:assert/strict';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { layOutImage, type ImageLayout } from '../image/layout';
import { markedContent } from '../support/content';
import { expectPublished } from './support/stream-expect';
import { worldForSuite } from './support/suite';

/**
 * The function as the image runs it: the Dockerfile reproduced (its build stage replayed from the
 * sources, then only the files the runtime stage copies, no node_modules reachable, its WORKDIR,
 * ENV and ENTRYPOINT flags) and served events
 * through the Fn harness. A dependency left out of the bundle, or a file the ENTRYPOINT needs
 * that the stage does not copy, fails here.
 */
let layout: ImageLayout | undefined;
const suite = worldForSuite(() => {
  layout = layOutImage({ nodeBinary: process.env['FN_TEST_NODE'] ?? process.execPath });
  return { entry: layout.script, cwd: layout.workdir, nodeArgs: layout.nodeArgs, config: layout.env };
});
after(() => layout?.remove());

test('the process is the ENTRYPOINT: its node flags, its script in the layout, its WORKDIR', () => {
  const pid = suite.world.fn.pid;
  assert.ok(pid !== undefined);
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  assert.deepEqual(argv.slice(1), [...layout!.nodeArgs, layout!.script]);
  assert.ok(layout!.nodeArgs.length > 0, 'the ENTRYPOINT sets node flags (the heap size for 128 MB)');
  assert.equal(readlinkSync(`/proc/${pid}/cwd`), layout!.workdir);
  assert.ok(!existsSync(join(layout!.root, 'node_modules')) && !existsSync(join(layout!.workdir, 'node_modules')));
});

async function uploadAndExpect(name: string, size: number, delivery: 'inline' | 'chunked'): Promise<void> {
  const { world, tap } = suite;
  const content = markedContent(size);
  const { eTag } = world.upload(name, content);
  const event = world.eventFor('createobject-unversioned', { name, eTag });
  await expectPublished(world, tap, await world.fn.invoke(event), { name, delivery, content, event });
}

test('an inline object is published from the image layout', () => uploadAndExpect('image/inline.bin', 5_000, 'inline'));

test('a chunked object is published from the image layout', () => uploadAndExpect('image/chunked.bin', 1_500_000, 'chunked'));

test('a delete event is published from the image layout', async () => {
  const { world, tap } = suite;
  const event = world.eventFor('deleteobject', { name: 'image/deleted.bin' });
  await expectPublished(world, tap, await world.fn.invoke(event), { name: 'image/deleted.bin', delivery: 'none', event });
});

import assert from 'node:assert/strict';
import { readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundleDigest, readCodeCache } from '../../src/start/codeCache';
import { BUNDLE_NAME, CODE_CACHE_NAME, CODE_CACHE_REJECTED } from '../../src/start/loader';
import { expectPublished } from '../e2e/support/stream-expect';
import { worldForSuite, type SuiteWorld } from '../e2e/support/suite';
import type { WorldOptions } from '../e2e/support/world';
import { markedContent } from '../support/content';
import { credentialsIn, FN_USER, openImage, type OpenedImage } from './container';
import { unreadableBy } from './readable';

/**
 * The function inside the image `npm run image:build` built from the Dockerfile: its root
 * filesystem opened, and its ENTRYPOINT started there as OCI Functions starts it (as UID 1000, in
 * its WORKDIR, with its ENV), served events through the Fn harness's unix socket, against the
 * emulator on this machine's loopback (a chroot shares the network). Run by `npm run image:test`.
 */
const image: OpenedImage = openImage();
const closeImage = () => image.close();
process.once('SIGINT', () => {
  closeImage();
  process.exit(130);
});
process.once('SIGTERM', () => {
  closeImage();
  process.exit(143);
});
after(closeImage);

function imageWorld(entrypoint?: string[], more: Partial<WorldOptions> = {}): () => WorldOptions {
  return () => {
    const { entry, cwd, nodeArgs, ...launch } = image.launch(entrypoint);
    return { entry: entry!, cwd: cwd!, nodeArgs: nodeArgs!, launch, credentials: credentialsIn(image.shared), ...more };
  };
}

async function uploadAndExpect(suite: SuiteWorld, name: string, size: number, delivery: 'inline' | 'chunked'): Promise<void> {
  const { world, tap } = suite;
  const content = markedContent(size);
  const { eTag } = world.upload(name, content);
  const event = world.eventFor('createobject-unversioned', { name, eTag });
  await expectPublished(world, tap, await world.fn.invoke(event), { name, delivery, content, event });
}

describe('the image as built', () => {
  test('every file and folder under /function is readable by UID 1000, as OCI Functions runs it', () => {
    assert.deepEqual(unreadableBy(join(image.root, 'function'), FN_USER), []);
  });

  test('its code cache was made for the bundle it ships', () => {
    const dist = join(image.root, 'function', 'dist');
    const cache = readCodeCache(join(dist, CODE_CACHE_NAME), bundleDigest(readFileSync(join(dist, BUNDLE_NAME))));
    assert.ok(cache !== undefined && cache.byteLength > 0);
  });
});

describe('the function started as the image config says', () => {
  const suite = worldForSuite(imageWorld());

  test('the process is the ENTRYPOINT, in the WORKDIR of the image root, as UID and GID 1000', () => {
    const pid = suite.world.fn.pid;
    assert.ok(pid !== undefined);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    assert.deepEqual(argv, image.config.entrypoint);
    assert.equal(readlinkSync(`/proc/${pid}/root`), image.root);
    assert.equal(readlinkSync(`/proc/${pid}/cwd`), join(image.root, image.config.workdir));
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    assert.match(status, new RegExp(`^Uid:\\s+${FN_USER.uid}\\s+${FN_USER.uid}\\s+${FN_USER.uid}\\s+${FN_USER.uid}$`, 'm'));
    assert.match(status, new RegExp(`^Gid:\\s+${FN_USER.gid}\\s+${FN_USER.gid}\\s+${FN_USER.gid}\\s+${FN_USER.gid}$`, 'm'));
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    for (const [name, value] of Object.entries(image.config.env)) assert.ok(environ.includes(`${name}=${value}`), `${name} from the image's ENV`);
  });

  test('an inline object is published', () => uploadAndExpect(suite, 'image/inline.bin', 5_000, 'inline'));

  test('a chunked object is published', () => uploadAndExpect(suite, 'image/chunked.bin', 1_500_000, 'chunked'));

  test('a delete event is published', async () => {
    const { world, tap } = suite;
    const event = world.eventFor('deleteobject', { name: 'image/deleted.bin' });
    await expectPublished(world, tap, await world.fn.invoke(event), { name: 'image/deleted.bin', delivery: 'none', event });
  });

  test("V8 accepted the image's code cache (it says so when it rejects one)", () => {
    assert.ok(!suite.world.fn.output().includes(CODE_CACHE_REJECTED), suite.world.fn.output());
  });
});

describe('the code cache with node flags other than the ENTRYPOINT’s', () => {
  const otherFlags = () => {
    const entrypoint = [...image.config.entrypoint];
    // After the ENTRYPOINT's own flags, so that it wins over theirs.
    entrypoint.splice(-1, 0, '--max-semi-space-size=4');
    return entrypoint;
  };
  const suite = worldForSuite(() => imageWorld(otherFlags())());

  test('is rejected by V8, which the function says, and the function still publishes', async () => {
    assert.ok(suite.world.fn.output().includes(CODE_CACHE_REJECTED), suite.world.fn.output());
    await uploadAndExpect(suite, 'image/other-flags.bin', 2_000, 'inline');
  });
});

describe('a TLS endpoint trusted through NODE_EXTRA_CA_CERTS', () => {
  const tls = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'tls', 'self-signed-localhost.json'), 'utf8')) as { cert: string; key: string };
  let caFile = '';
  before(() => {
    caFile = join(image.shared, 'test-ca.pem');
    writeFileSync(caFile, tls.cert);
  });
  const suite = worldForSuite(() => imageWorld(undefined, { emulator: { tls }, config: { NODE_EXTRA_CA_CERTS: caFile } })());

  test('an object is read and published over https from inside the image', async () => {
    assert.match(suite.world.emulator.url, /^https:\/\//);
    await uploadAndExpect(suite, 'image/tls.bin', 3_000, 'inline');
  });
});

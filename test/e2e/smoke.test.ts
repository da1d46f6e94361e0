import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertContractMessage } from '../support/contract';
import { startWorld, type World } from './support/world';

let world: World;
before(async () => {
  world = await startWorld();
});
after(async () => {
  await world?.stop();
});

test('a small upload is published inline', async () => {
  const result = await world.uploadAndInvoke('hello.txt', Buffer.from('hello, stream'));
  assert.equal(result.status, 200, result.rawBody + world.fn.output());
  assert.deepEqual((result.json as any).status, 'published');
  const messages = world.emulator.messages(world.streamId);
  assert.equal(messages.length, 1);
  const value = assertContractMessage(messages[0]!.value);
  assert.equal(Buffer.from(value.data.content, 'base64').toString(), 'hello, stream');
});

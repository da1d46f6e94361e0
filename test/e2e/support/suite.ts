import { after, before } from 'node:test';
import { StreamTap } from './stream-reading';
import { startWorld, type World, type WorldOptions } from './world';

export interface SuiteWorld {
  world: World;
  tap: StreamTap;
}

/**
 * One world for the tests of a suite (or file): started before them with a tap on its stream,
 * stopped after them. The options are computed when the suite starts.
 */
export function worldForSuite(
  options: () => WorldOptions = () => ({}),
  tapOptions: { maxMessageBytes?: number } = {},
): SuiteWorld {
  const suite = {} as SuiteWorld;
  before(async () => {
    suite.world = await startWorld(options());
    suite.tap = new StreamTap(suite.world, tapOptions);
  });
  after(async () => {
    await suite.world?.stop();
  });
  return suite;
}

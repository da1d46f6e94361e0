import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../ports';

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms) => {
    await sleep(Math.max(0, ms));
  },
};

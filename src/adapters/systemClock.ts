import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../ports';

export const systemClock: Clock = {
  now: () => Date.now(),
  // An aborted pause ends early rather than failing: the caller reads its signal to know why.
  sleep: (ms, signal) => sleep(Math.max(0, ms), undefined, signal ? { signal } : undefined).catch(() => undefined),
};

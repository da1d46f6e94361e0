import type { Clock } from '../ports';

/**
 * The invocation's time budget. The safety margin is kept back so the function answers (and the
 * fdk writes the answer) before the Fn runtime kills the container at Fn-Deadline.
 */
export class Deadline {
  constructor(
    private readonly clock: Clock,
    readonly at: number,
    readonly safetyMarginMs: number,
  ) {}

  remainingMs(): number {
    return this.at - this.safetyMarginMs - this.clock.now();
  }
}

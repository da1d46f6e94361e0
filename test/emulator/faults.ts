import type { Fault, Operation } from './types';

interface QueuedFault {
  fault: Fault;
  remaining: number;
}

/** Faults are consumed in the order they were injected; each applies to `times` matching requests. */
export class FaultQueue {
  private queue: QueuedFault[] = [];

  add(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!(times > 0)) throw new Error('Fault.times must be positive');
    this.queue.push({ fault, remaining: times });
  }

  clear(): void {
    this.queue = [];
  }

  /** The first fault for `operation` that `applies` to this request (every fault, unless told). */
  take(operation: Operation, applies: (fault: Fault) => boolean = () => true): Fault | undefined {
    const index = this.queue.findIndex((queued) => queued.fault.operation === operation && applies(queued.fault));
    const queued = this.queue[index];
    if (!queued) return undefined;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.queue.splice(index, 1);
    return queued.fault;
  }
}

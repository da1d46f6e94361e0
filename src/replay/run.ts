import { mapWithConcurrency } from './pool';
import type { DeliverEvent, ObjectOutcome, ReplayItem } from './ports';
import type { Progress } from './progress';
import type { StateFile } from './state';

export interface Completed {
  item: ReplayItem;
  outcome: ObjectOutcome;
}

export interface RunResult {
  completed: Completed[];
  /** Done in an earlier run, by the state file: not sent again. */
  alreadyDone: number;
  /** Not started: the run was interrupted or stopped. */
  notStarted: number;
  interrupted: boolean;
  /** The failure that stopped the run, when one failure meant every object would fail. */
  stoppedBy?: Completed;
  elapsedMs: number;
}

export interface RunDependencies {
  deliver: DeliverEvent;
  state?: StateFile | undefined;
  progress: Progress;
  concurrency: number;
  /** Aborted on Ctrl-C: no new object starts; those in flight finish and are recorded. */
  signal?: AbortSignal | undefined;
  now?: () => number;
}

/** Sends each item not already done, `concurrency` at a time, recording each outcome as it completes. */
export async function runReplay(items: readonly ReplayItem[], deps: RunDependencies): Promise<RunResult> {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const pending = items.filter((item) => !deps.state?.isDone(item.id));
  const completed: Completed[] = [];
  const stop = new AbortController();
  let stoppedBy: Completed | undefined;
  const onInterrupt = () => stop.abort();
  deps.signal?.addEventListener('abort', onInterrupt, { once: true });
  if (deps.signal?.aborted) stop.abort();

  deps.progress.start(pending.length, pending.reduce((sum, item) => sum + (item.size ?? 0), 0));
  try {
    await mapWithConcurrency(
      pending,
      deps.concurrency,
      async (item) => {
        const outcome: ObjectOutcome =
          item.event === undefined ? { status: 'skipped', reason: item.skipReason ?? 'nothing to send' } : await deps.deliver(item.event);
        deps.state?.record({ id: item.id, object: item.object, status: outcome.status, ...(outcome.reason === undefined ? {} : { reason: outcome.reason }) });
        const done = { item, outcome };
        completed.push(done);
        deps.progress.completed(item, outcome);
        if (outcome.stopsRun && !stoppedBy) {
          stoppedBy = done;
          stop.abort();
        }
      },
      stop.signal,
    );
  } finally {
    deps.progress.stop();
    deps.signal?.removeEventListener('abort', onInterrupt);
  }
  return {
    completed,
    alreadyDone: items.length - pending.length,
    notStarted: pending.length - completed.length,
    interrupted: deps.signal?.aborted ?? false,
    ...(stoppedBy ? { stoppedBy } : {}),
    elapsedMs: now() - startedAt,
  };
}

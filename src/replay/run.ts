import type { ItemFeed } from './feed';
import { forEachConcurrently } from './pool';
import type { DeliverEvent, ObjectOutcome } from './ports';
import type { Progress } from './progress';
import type { StateFile } from './state';
import { OutcomeTally, type Completed } from './tally';

export interface RunResult {
  tally: OutcomeTally;
  /** Done in an earlier run, by the state file: not sent again. */
  alreadyDone: number;
  /** Found but not started: the run was interrupted or stopped. */
  notStarted: number;
  /** Whether the source was read to its end (an interrupted or stopped listing was not). */
  sourceComplete: boolean;
  interrupted: boolean;
  /** The failure that stopped the run, when one failure meant every object would fail. */
  stoppedBy?: Completed;
  /** What stopped the run partway otherwise: the listing failed, or the state file could not be written. */
  brokenBy?: unknown;
  elapsedMs: number;
}

export interface RunDependencies {
  deliver: DeliverEvent;
  /** Records each outcome as it completes. */
  state?: StateFile | undefined;
  progress: Progress;
  concurrency: number;
  /** Aborted on Ctrl-C: no new object starts; those in flight finish and are recorded. */
  signal?: AbortSignal | undefined;
  now?: () => number;
}

/** Sends each item the feed gives, `concurrency` at a time, recording each outcome as it completes. */
export async function runReplay(feed: ItemFeed, deps: RunDependencies): Promise<RunResult> {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const tally = new OutcomeTally();
  const stop = new AbortController();
  let stoppedBy: Completed | undefined;
  let brokenBy: { error: unknown } | undefined;
  const onInterrupt = () => stop.abort();
  deps.signal?.addEventListener('abort', onInterrupt, { once: true });
  if (deps.signal?.aborted) stop.abort();

  feed.onPage((counts) => deps.progress.found(counts));
  deps.progress.start(feed.found());
  try {
    await forEachConcurrently(
      feed.items(),
      deps.concurrency,
      async (item) => {
        const outcome: ObjectOutcome =
          item.event === undefined ? { status: 'skipped', reason: item.skipReason ?? 'nothing to send' } : await deps.deliver(item.event);
        deps.state?.record({ id: item.id, object: item.object, status: outcome.status, ...(outcome.reason === undefined ? {} : { reason: outcome.reason }) });
        tally.add(item, outcome);
        deps.progress.completed(item, outcome);
        if (outcome.stopsRun && !stoppedBy) {
          stoppedBy = { item, outcome };
          stop.abort();
        }
      },
      stop.signal,
    );
  } catch (error) {
    brokenBy = { error };
  } finally {
    deps.progress.stop();
    deps.signal?.removeEventListener('abort', onInterrupt);
  }
  const found = feed.found();
  return {
    tally,
    alreadyDone: found.alreadyDone,
    notStarted: found.items - tally.total(),
    sourceComplete: found.complete,
    interrupted: deps.signal?.aborted ?? false,
    ...(stoppedBy ? { stoppedBy } : {}),
    ...(brokenBy ? { brokenBy: brokenBy.error } : {}),
    elapsedMs: now() - startedAt,
  };
}

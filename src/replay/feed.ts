import type { ReplayItem } from './ports';

/** Items to replay, a page at a time: a bucket listing's pages, or all of a file at once. */
export type ItemPages = AsyncIterable<readonly ReplayItem[]>;

export async function* onePage(items: readonly ReplayItem[]): ItemPages {
  yield items;
}

export interface FeedCounts {
  /** Items found so far that are not done yet. */
  items: number;
  bytes: number;
  /** Items found so far that an earlier run finished (the state file): not sent again. */
  alreadyDone: number;
  /** Whether the source has no more pages. */
  complete: boolean;
}

/**
 * The items to send, as their source gives them: a page is asked for while the one before is
 * being sent, so at most two pages are held whatever the bucket's size. Items an earlier run
 * finished are left out, and counted, as each page arrives.
 */
export class ItemFeed {
  private readonly iterator: AsyncIterator<readonly ReplayItem[]>;
  private readonly counts: FeedCounts = { items: 0, bytes: 0, alreadyDone: 0, complete: false };
  private upcoming: Promise<readonly ReplayItem[] | undefined> | undefined;
  private listener: ((counts: Readonly<FeedCounts>) => void) | undefined;

  constructor(
    pages: ItemPages,
    private readonly isDone: (id: string) => boolean = () => false,
  ) {
    this.iterator = pages[Symbol.asyncIterator]();
  }

  found(): Readonly<FeedCounts> {
    return this.counts;
  }

  /** Told the counts each time a page arrives, and when the last one has. */
  onPage(listener: (counts: Readonly<FeedCounts>) => void): void {
    this.listener = listener;
  }

  /** Waits for the first page, so that a source that fails at once fails before anything is sent. */
  async open(): Promise<void> {
    await (this.upcoming ?? this.ask());
  }

  async *items(): AsyncGenerator<ReplayItem> {
    for (;;) {
      const page = await (this.upcoming ?? this.ask());
      this.upcoming = undefined;
      if (page === undefined) return;
      this.ask();
      yield* page;
    }
  }

  private ask(): Promise<readonly ReplayItem[] | undefined> {
    const upcoming = this.iterator.next().then((result) => {
      const pending = result.done ? undefined : result.value.filter((item) => !this.isDone(item.id));
      if (result.done || pending === undefined) {
        this.counts.complete = true;
      } else {
        this.counts.alreadyDone += result.value.length - pending.length;
        this.counts.items += pending.length;
        this.counts.bytes += pending.reduce((sum, item) => sum + (item.size ?? 0), 0);
      }
      this.listener?.(this.counts);
      return pending;
    });
    // Awaited when its turn comes; a run that stops first leaves it unread, not unhandled.
    upcoming.catch(() => {});
    this.upcoming = upcoming;
    return upcoming;
  }
}

import type { ObjectOutcome, OutcomeStatus, ReplayItem } from './ports';

export interface Completed {
  item: ReplayItem;
  outcome: ObjectOutcome;
}

/** Objects named in the summary for each outcome that needs a look; the state file holds them all. */
export const MAX_LISTED = 20;

type Listed = Exclude<OutcomeStatus, 'published'>;

/**
 * What a run did, in counts that stay the same size whatever the bucket's: the summary's figures,
 * the first reference as an example, and the first few objects of each outcome that needs a look.
 */
export class OutcomeTally {
  readonly counts: Record<OutcomeStatus, number> = { published: 0, 'stepped-aside': 0, skipped: 0, failed: 0 };
  /** Messages the published objects took. */
  messages = 0;
  /** Bytes that went into the stream as content; a reference carries none. */
  contentBytes = 0;
  references = 0;
  firstReference: Completed | undefined;
  readonly listed: Record<Listed, Completed[]> = { 'stepped-aside': [], skipped: [], failed: [] };

  add(item: ReplayItem, outcome: ObjectOutcome): void {
    this.counts[outcome.status] += 1;
    if (outcome.status !== 'published') {
      const listed = this.listed[outcome.status];
      if (listed.length < MAX_LISTED) listed.push({ item, outcome });
      return;
    }
    this.messages += outcome.messages ?? 0;
    if (outcome.delivery === 'inline' || outcome.delivery === 'chunked') this.contentBytes += item.size ?? 0;
    if (outcome.delivery === 'reference') {
      this.references += 1;
      this.firstReference ??= { item, outcome };
    }
  }

  total(): number {
    return this.counts.published + this.counts['stepped-aside'] + this.counts.skipped + this.counts.failed;
  }
}

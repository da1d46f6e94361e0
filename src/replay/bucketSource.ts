import { ReplaySetupError } from '../errors';
import type { ReplaySource } from './args';
import type { ItemPages } from './feed';
import type { ObjectListing, ReplayItem } from './ports';
import { replayCreateEvent, replayEventId, type BucketAddress } from './replayEvent';

type BucketSource = Extract<ReplaySource, { kind: 'bucket' }>;

/**
 * Every object of the bucket, a listing page at a time (each asked for only when the one before
 * is taken), filtered by time modified (since <= t < until). An interrupt stops the listing after
 * the page in hand.
 */
export async function* bucketPages(listing: ObjectListing, source: BucketSource, signal?: AbortSignal): ItemPages {
  const where: BucketAddress = { namespace: source.namespace ?? (await listing.namespace()), bucket: source.bucket };
  for (let start: string | undefined; ; ) {
    const page = await listing.list(where.namespace, where.bucket, { prefix: source.prefix, start });
    const items: ReplayItem[] = [];
    for (const object of page.objects) {
      const modified = object.timeModified.getTime();
      if (source.since && modified < source.since.getTime()) continue;
      if (source.until && modified >= source.until.getTime()) continue;
      items.push({
        id: replayEventId(where, object.name, object.eTag),
        object: `${where.namespace}/${where.bucket}/${object.name}`,
        size: object.size,
        event: replayCreateEvent(where, object),
      });
    }
    yield items;
    if (page.nextStartWith === undefined || signal?.aborted) return;
    if (page.nextStartWith === start) {
      throw new ReplaySetupError(`Listing ${where.namespace}/${where.bucket} returned the same page twice (nextStartWith ${JSON.stringify(start)}).`);
    }
    start = page.nextStartWith;
  }
}

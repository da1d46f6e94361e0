import { ReplaySetupError } from '../errors';
import type { ReplaySource } from './args';
import type { ObjectListing, ReplayItem } from './ports';
import { replayCreateEvent, replayEventId, type BucketAddress } from './replayEvent';

type BucketSource = Extract<ReplaySource, { kind: 'bucket' }>;

/**
 * Every object of the bucket, page by page, filtered by time modified (since <= t < until). An
 * interrupt stops the listing after the page in hand (nothing has been sent yet).
 */
export async function bucketItems(
  listing: ObjectListing,
  source: BucketSource,
  options: { onPage?: (listed: number) => void; signal?: AbortSignal | undefined } = {},
): Promise<ReplayItem[]> {
  const where: BucketAddress = { namespace: source.namespace ?? (await listing.namespace()), bucket: source.bucket };
  const items: ReplayItem[] = [];
  let listed = 0;
  for (let start: string | undefined; ; ) {
    const page = await listing.list(where.namespace, where.bucket, { prefix: source.prefix, start });
    listed += page.objects.length;
    options.onPage?.(listed);
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
    if (page.nextStartWith === undefined || options.signal?.aborted) return items;
    if (page.nextStartWith === start) {
      throw new ReplaySetupError(`Listing ${where.namespace}/${where.bucket} returned the same page twice (nextStartWith ${JSON.stringify(start)}); nothing was sent.`);
    }
    start = page.nextStartWith;
  }
}

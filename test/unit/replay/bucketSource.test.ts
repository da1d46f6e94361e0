import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ReplaySetupError } from '../../../src/errors';
import { bucketPages } from '../../../src/replay/bucketSource';
import type { ItemPages } from '../../../src/replay/feed';
import type { ListedObject, ListedPage, ObjectListing, ReplayItem } from '../../../src/replay/ports';

const object = (name: string, day: number): ListedObject => ({ name, size: day, eTag: `e-${name}`, timeModified: new Date(Date.UTC(2026, 10, day)), archivalState: null });

class PagedListing implements ObjectListing {
  readonly starts: Array<string | undefined> = [];
  constructor(private readonly pages: ListedPage[]) {}
  async namespace() {
    return 'tenancyns';
  }
  async list(_namespace: string, _bucket: string, options: { start?: string | undefined }) {
    this.starts.push(options.start);
    return this.pages[this.starts.length - 1]!;
  }
}

async function everyItem(pages: ItemPages): Promise<ReplayItem[]> {
  const items: ReplayItem[] = [];
  for await (const page of pages) items.push(...page);
  return items;
}

describe('bucketPages', () => {
  test('follows nextStartWith to the last page, keeps since <= time modified < until, asks the namespace when not given', async () => {
    const listing = new PagedListing([
      { objects: [object('a', 1), object('b', 5)], nextStartWith: 'c' },
      { objects: [object('c', 10)], nextStartWith: 'd' },
      { objects: [object('d', 20)] },
    ]);
    const items = await everyItem(bucketPages(listing, { kind: 'bucket', bucket: 'uploads', since: new Date(Date.UTC(2026, 10, 5)), until: new Date(Date.UTC(2026, 10, 20)) }));
    assert.deepEqual(listing.starts, [undefined, 'c', 'd']);
    assert.deepEqual(items.map((item) => item.object), ['tenancyns/uploads/b', 'tenancyns/uploads/c']);
    assert.deepEqual(items.map((item) => item.size), [5, 10]);
  });

  test('a listing that repeats a page is an error, not an endless loop', async () => {
    const listing = new PagedListing([{ objects: [], nextStartWith: 'x' }, { objects: [], nextStartWith: 'x' }]);
    await assert.rejects(everyItem(bucketPages(listing, { kind: 'bucket', bucket: 'uploads', namespace: 'ns' })), ReplaySetupError);
  });

  test('a page is asked for only once the one before is taken: the listing is never held whole', async () => {
    const listing = new PagedListing([{ objects: [object('a', 1)], nextStartWith: 'b' }, { objects: [object('b', 2)], nextStartWith: 'c' }, { objects: [object('c', 3)] }]);
    const pages = bucketPages(listing, { kind: 'bucket', bucket: 'uploads', namespace: 'ns' })[Symbol.asyncIterator]();
    assert.deepEqual((await pages.next()).value?.map((item: ReplayItem) => item.object), ['ns/uploads/a']);
    assert.deepEqual(listing.starts, [undefined]);
    await pages.next();
    assert.deepEqual(listing.starts, [undefined, 'b']);
  });

  test('an interrupt stops the listing after the page in hand', async () => {
    const interrupt = new AbortController();
    const listing = new PagedListing([{ objects: [object('a', 1)], nextStartWith: 'b' }, { objects: [object('b', 2)] }]);
    const seen: string[] = [];
    for await (const page of bucketPages(listing, { kind: 'bucket', bucket: 'uploads', namespace: 'ns' }, interrupt.signal)) {
      seen.push(...page.map((item) => item.object));
      interrupt.abort();
    }
    assert.deepEqual(seen, ['ns/uploads/a']);
    assert.deepEqual(listing.starts, [undefined]);
  });
});

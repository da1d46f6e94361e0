/**
 * The `Headers` the SDK composes requests with, put in place of the global one when the function
 * is bundled (package.json `build`, esbuild `--inject`): the global one loads Node's whole fetch
 * implementation (about 40 ms on Node 22) at the first request, which NodeHttpClient does not
 * use. The SDK and the signer only append, set, test and read plain header fields.
 */
export class Headers {
  private readonly fields = new Map<string, string>();

  constructor(init?: Record<string, string> | Iterable<readonly [string, string]>) {
    if (!init) return;
    const pairs = Symbol.iterator in init ? init : Object.entries(init);
    for (const [name, value] of pairs) this.append(name, value);
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const current = this.fields.get(key);
    this.fields.set(key, current === undefined ? normalized(value) : `${current}, ${normalized(value)}`);
  }

  set(name: string, value: string): void {
    this.fields.set(name.toLowerCase(), normalized(value));
  }

  get(name: string): string | null {
    return this.fields.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.fields.has(name.toLowerCase());
  }

  delete(name: string): void {
    this.fields.delete(name.toLowerCase());
  }

  forEach(visit: (value: string, name: string, headers: Headers) => void): void {
    for (const [name, value] of this.entries()) visit(value, name, this);
  }

  /** In name order, as fetch's Headers iterates. */
  *entries(): IterableIterator<[string, string]> {
    yield* [...this.fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** Leading and trailing HTTP whitespace is not part of a field value (fetch strips it too). */
function normalized(value: string): string {
  return String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
}

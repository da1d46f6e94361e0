import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Headers as SdkHeaders } from '../../../../../src/adapters/oci/bundle/sdkHeaders';

/** The same operations on the global (fetch) Headers and on the bundle's, as the SDK and its signer use them. */
function exercise(headers: { append(n: string, v: string): void; set(n: string, v: string): void; delete(n: string): void; get(n: string): string | null; has(n: string): boolean; forEach(f: (v: string, n: string) => void): void }) {
  headers.append('Content-Type', 'application/json');
  headers.append('opc-request-id', '  ABC \t');
  headers.append('X-Multi', 'one');
  headers.append('x-multi', 'two');
  headers.set('Host', 'example.com');
  headers.set('host', 'objectstorage.example.com');
  headers.append('gone', 'soon');
  headers.delete('GONE');
  const seen: string[] = [];
  headers.forEach((value, name) => seen.push(`${name}: ${value}`));
  return { seen, get: [headers.get('CONTENT-TYPE'), headers.get('missing'), headers.has('Host'), headers.has('gone')] };
}

describe('the bundle Headers', () => {
  it('behaves as fetch Headers does for what the SDK does with them', () => {
    assert.deepEqual(exercise(new SdkHeaders()), exercise(new Headers()));
  });

  it('takes initial fields as fetch Headers does', () => {
    assert.deepEqual([...new SdkHeaders({ Authorization: 'Bearer t', Accept: 'text/plain' })], [...new Headers({ Authorization: 'Bearer t', Accept: 'text/plain' })]);
  });
});

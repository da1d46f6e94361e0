import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { base64Length, writeBase64 } from '../../bench/floor/base64';

test("the floor's base64 writer matches Node's encoder for every tail length, at an offset", () => {
  for (const length of [0, 1, 2, 3, 4, 5, 6, 7, 100, 65_537]) {
    const source = randomBytes(length);
    const target = Buffer.alloc(base64Length(length) + 10, '#');
    const end = writeBase64(source, target, 7);
    assert.equal(end, 7 + base64Length(length));
    assert.equal(target.subarray(7, end).toString('latin1'), source.toString('base64'), `length ${length}`);
    assert.equal(target.subarray(0, 7).toString(), '#######', 'nothing written before the offset');
    assert.equal(target.subarray(end).toString(), '#'.repeat(target.length - end), 'nothing written after the end');
  }
});

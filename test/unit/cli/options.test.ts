import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asksForHelp, readOptions } from '../../../src/cli/options';
import { usageProblemLines } from '../../../src/cli/usage';

const NAMES = { strings: ['bucket', 'out'], booleans: ['dry-run', 'help'] } as const;

describe('readOptions', () => {
  it('reads values and switches', () => {
    assert.deepEqual(readOptions(['--bucket', 'b', '--dry-run', '--out=dir'], NAMES), { values: { bucket: 'b', 'dry-run': true, out: 'dir' }, problems: [] });
  });

  it('names every problem together, as the user typed it', () => {
    const { problems } = readOptions(['--buckett', 'x', 'stray', '--dry-run=yes', '--out', 'a', '--out', 'b'], NAMES);
    assert.deepEqual(problems, ['unknown option --buckett', 'unexpected argument "x"', 'unexpected argument "stray"', '--dry-run takes no value', '--out is given more than once']);
  });

  it('reads an option taken as the previous one\'s value as the option it is', () => {
    assert.deepEqual(readOptions(['--bucket', '--dry-run'], NAMES), { values: { 'dry-run': true }, problems: ['--bucket needs a value'] });
    assert.deepEqual(readOptions(['--out'], NAMES), { values: {}, problems: ['--out needs a value'] });
  });

  it('sees a request for help anywhere', () => {
    assert.equal(asksForHelp(['--bucket', 'b', '-h']), true);
    assert.equal(asksForHelp(['--bucket', 'b']), false);
  });
});

describe('usageProblemLines', () => {
  it('names the tool on each problem and points to --help', () => {
    assert.deepEqual(usageProblemLines('consume', ['unknown option --endpointt'], 'Nothing was read.'), [
      'consume: unknown option --endpointt',
      'Nothing was read. See npm run consume -- --help',
    ]);
  });
});

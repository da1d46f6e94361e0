import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOptions, UsageError } from '../../bench/options';

test('--image measures Node 22 only, the image’s own node', () => {
  const options = parseOptions(['--image', 'localhost/fn-streaming:test']);
  assert.equal(options.image, 'localhost/fn-streaming:test');
  assert.deepEqual(options.nodes, [22]);
  assert.deepEqual(parseOptions(['--image', 'x', '--nodes', '22']).nodes, [22]);
  assert.equal(parseOptions([]).image, undefined);
});

test('--image with another node, a node binary or no name is a usage error naming the option', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--image', 'x', '--nodes', '22,20'], /--image runs the image's own node.*--nodes 22/],
    [['--image', 'x', '--node22', '/usr/bin/node'], /leave out --node22/],
    [['--image', 'x', '--node20', '/a', '--node22', '/b'], /leave out --node20 and --node22/],
    [['--image', ''], /--image needs an image name/],
    [['--image'], /--image/],
  ];
  for (const [argv, message] of cases) {
    assert.throws(() => parseOptions(argv), (error: Error) => error instanceof UsageError && message.test(error.message), argv.join(' '));
  }
});

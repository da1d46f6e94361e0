import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CHECK_FONTS, findMisplacedText } from '../../images/textFit';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'images');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const [SANS] = CHECK_FONTS;

test('text that sits in its box, clear of lines and of other text, passes with every check font', () => {
  assert.deepEqual(findMisplacedText(fixture('text-in-place.svg'), CHECK_FONTS), []);
});

test('text past the canvas is found, with the edge it runs past', () => {
  assert.deepEqual(
    findMisplacedText(fixture('text-past-canvas.svg'), [SANS!]).map((problem) => problem.replace(/\d+ px/, 'N px')),
    ['DejaVu Sans: "runs past the edge" runs N px past the canvas\'s right edge'],
  );
});

test('text wider than its box is found crossing the box border', () => {
  const problems = findMisplacedText(fixture('text-across-box.svg'), [SANS!]);
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0]!, /^DejaVu Sans: "wider than its box" crosses the border of <rect> \(\d+ of its \d+ px outside\)$/);
});

test('texts drawn over each other are found', () => {
  assert.deepEqual(findMisplacedText(fixture('texts-overlapping.svg'), [SANS!]), ['DejaVu Sans: "first label" overlaps "second label"']);
});

test('text drawn over a line is found', () => {
  const problems = findMisplacedText(fixture('text-on-line.svg'), [SANS!]);
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0]!, /^DejaVu Sans: "struck through" lies on <path> \(\d+ px\)$/);
});

test('text that no loaded font can draw is reported, not passed over', () => {
  const noFont = { family: 'No Such Font', files: [] };
  assert.deepEqual(findMisplacedText(fixture('text-in-place.svg'), [noFont]), [
    'No Such Font: "a label with room" draws nothing, or lies far outside the canvas',
    'No Such Font: "below the line" draws nothing, or lies far outside the canvas',
  ]);
});

// The README's first picture until the pictures were generated: text placed by hand for Helvetica.
test('the hand-placed architecture picture fails with DejaVu Sans where its text overflows', () => {
  const problems = findMisplacedText(fixture('hand-placed-architecture.svg'), [SANS!]);
  const about = (text: string, what: RegExp) => problems.some((problem) => problem.startsWith(`DejaVu Sans: "${text}" `) && what.test(problem));
  assert.ok(about('consumers: CloudEvents 1.0 JSON,', /runs \d+ px past the canvas's right edge/), problems.join('\n'));
  assert.ok(about('key = namespace/bucket/name', /crosses the border of <rect>/), problems.join('\n'));
  assert.ok(about('invoke (CloudEvents 0.1)', /crosses the border of <rect>/), problems.join('\n'));
});

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { IMAGES_DIR, pictureSources, renderSvg } from '../../images/render';
import { CHECK_FONTS, findMisplacedText } from '../../images/textFit';

const pictures = pictureSources();
const committedSvgs = readdirSync(IMAGES_DIR).filter((file) => file.endsWith('.svg'));

test('every SVG in images/ has a source there, and every source its SVG', () => {
  assert.ok(pictures.length > 0, 'no *.dot sources in images/');
  assert.deepEqual(committedSvgs.sort(), pictures.map(({ name }) => `${name}.svg`).sort());
});

for (const picture of pictures) {
  const committed = readFileSync(join(IMAGES_DIR, `${picture.name}.svg`), 'utf8');

  test(`images/${picture.name}.svg is what images/${picture.name}.dot renders to (run npm run images)`, async () => {
    assert.equal(await renderSvg(picture), committed);
  });

  test(`images/${picture.name}.svg keeps every text in place drawn with ${CHECK_FONTS.map(({ family }) => family).join(' and ')}`, () => {
    assert.deepEqual(findMisplacedText(committed, CHECK_FONTS), []);
  });
}

test('a picture source that names a font of its own is refused', async () => {
  await assert.rejects(renderSvg({ name: 'named-font', source: 'digraph { a [fontname="Times"] }' }), /names fonts of its own \(Times\)/);
});

test('a broken picture source is refused with what Graphviz said', async () => {
  await assert.rejects(renderSvg({ name: 'broken', source: 'digraph { a -> }' }), /images\/broken\.dot did not render cleanly: error: .*syntax error/);
});

/**
 * Finds text that does not sit right in an SVG once drawn with a font it does not name: text
 * past the canvas, text across the border of a box (partly inside, partly outside), text on a
 * line, texts over each other. It measures the glyphs the font really draws (resvg's outlines,
 * see coverage.ts), whatever the SVG's structure.
 */
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { join } from 'node:path';
import { markSvg, outlineText, shapeCoverage, textCoverage, type Coverage, type Edges, type Element } from './coverage';

export interface FontChoice {
  /** The family the font files hold; it stands in for every family the SVG names. */
  family: string;
  files: string[];
}

const DEJAVU_DIR = join(__dirname, '..', '..', 'node_modules', 'dejavu-fonts-ttf', 'ttf');
const dejavu = (family: string, stem: string, italic: string): FontChoice => ({
  family,
  files: ['', '-Bold', `-${italic}`, `-Bold${italic}`].map((style) => join(DEJAVU_DIR, `${stem}${style}.ttf`)),
});

/**
 * Fonts the pictures must survive, neither of them named by the SVGs: DejaVu Sans is what many
 * Linux systems substitute for Helvetica and Arial, and about as wide as common sans-serif fonts
 * get; DejaVu Serif is what a renderer may fall back to when it knows no sans-serif font.
 */
export const CHECK_FONTS: FontChoice[] = [dejavu('DejaVu Sans', 'DejaVuSans', 'Oblique'), dejavu('DejaVu Serif', 'DejaVuSerif', 'Italic')];

/** resvg's font options for drawing every family the SVG names, and every generic one, with `font`. */
export function resvgFonts(font: FontChoice): NonNullable<ResvgRenderOptions['font']> {
  return {
    loadSystemFonts: false,
    fontFiles: font.files,
    defaultFontFamily: font.family,
    sansSerifFamily: font.family,
    serifFamily: font.family,
    monospaceFamily: font.family,
    cursiveFamily: font.family,
    fantasyFamily: font.family,
  };
}

interface Measured {
  element: Element;
  coverage: Coverage;
}

const boxesMeet = (a: Edges, b: Edges) => a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;

function isCovered(area: Coverage, x: number, y: number): boolean {
  if (x < area.left || x > area.right || y < area.top || y > area.bottom) return false;
  return area.covered[(y - area.top) * (area.right - area.left + 1) + (x - area.left)] === 1;
}

/** How many of `text`'s pixels `other` covers too. */
function sharedPixels(text: Coverage, other: Coverage): number {
  if (!boxesMeet(text, other)) return 0;
  let shared = 0;
  for (let y = text.top; y <= text.bottom; y++) {
    for (let x = text.left; x <= text.right; x++) {
      if (isCovered(text, x, y) && isCovered(other, x, y)) shared += 1;
    }
  }
  return shared;
}

/**
 * Two texts are over each other when their extents overlap by more than a sliver (the descenders
 * of one line may reach into the extent of the next line's capitals).
 */
function textsCollide(a: Coverage, b: Coverage): boolean {
  const across = Math.min(a.right, b.right) - Math.max(a.left, b.left) + 1;
  const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) + 1;
  return (across > 2 && down > 2) || sharedPixels(a, b) > 0;
}

function misplacements(texts: Measured[], areas: Measured[], lines: Measured[], canvas: Edges): string[] {
  const problems: string[] = [];
  texts.forEach(({ element, coverage: text }, index) => {
    if (text.count === 0) {
      problems.push(`${element.name} draws nothing, or lies far outside the canvas`);
      return;
    }
    const past: Array<[string, number]> = [
      ['left', canvas.left - text.left],
      ['top', canvas.top - text.top],
      ['right', text.right + 1 - canvas.right],
      ['bottom', text.bottom + 1 - canvas.bottom],
    ];
    for (const [edge, by] of past) if (by > 0) problems.push(`${element.name} runs ${Math.ceil(by)} px past the canvas's ${edge} edge`);
    for (const area of areas) {
      const inside = sharedPixels(text, area.coverage);
      if (inside > 0 && inside < text.count) {
        problems.push(`${element.name} crosses the border of ${area.element.name} (${text.count - inside} of its ${text.count} px outside)`);
      }
    }
    for (const line of lines) {
      const crossed = sharedPixels(text, line.coverage);
      if (crossed > 0) problems.push(`${element.name} lies on ${line.element.name} (${crossed} px)`);
    }
    for (const other of texts.slice(index + 1)) {
      if (other.coverage.count > 0 && textsCollide(text, other.coverage)) problems.push(`${element.name} overlaps ${other.element.name}`);
    }
  });
  return problems;
}

/**
 * Everything wrong with the placement of the SVG's text when drawn with each of `fonts`, in words
 * (an empty list when nothing is). Shapes do not depend on the font: they are measured once.
 */
export function findMisplacedText(svg: string, fonts: FontChoice[]): string[] {
  const marked = markSvg(svg);
  const measure = (kind: Element['kind']): Measured[] =>
    marked.elements
      .filter((element) => element.kind === kind)
      .map((element) => ({ element, coverage: shapeCoverage(marked, element) }))
      .filter(({ coverage }) => coverage.count > 0);
  const areas = measure('area');
  const lines = measure('line');
  const textElements = marked.elements.filter((element) => element.kind === 'text');
  return fonts.flatMap((font) => {
    const outlined = outlineText(marked.svg, resvgFonts(font));
    const coverages = textCoverage(outlined, textElements);
    const texts = textElements.map((element, index) => ({ element, coverage: coverages[index]! }));
    return misplacements(texts, areas, lines, marked.canvas).map((problem) => `${font.family}: ${problem}`);
  });
}

/**
 * Which pixels each element of an SVG covers once resvg renders it. Every drawn element gets an
 * id; the SVG is rendered on a canvas grown on every side (so that what runs past the canvas is
 * drawn, not cut off) with all but the measured elements hidden by a style rule.
 */
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';

/** What an element draws: text, an area (a closed shape: a box, a cluster, an arrowhead) or a line. */
export type Kind = 'text' | 'area' | 'line';

export interface Element {
  id: string;
  kind: Kind;
  /** For messages: the text itself in quotes, or the shape's tag and the title of its group. */
  name: string;
}

/** The pixels an element covers, within its bounding box (pixel coordinates, inclusive). */
export interface Coverage {
  left: number;
  top: number;
  right: number;
  bottom: number;
  covered: Uint8Array;
  count: number;
}

export interface Edges {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface MarkedSvg {
  /** The SVG with ids on every drawn element, on the grown canvas, at one pixel per user unit. */
  svg: string;
  elements: Element[];
  /** Where the original canvas lies on the grown one, in pixels. */
  canvas: Edges;
}

const PROBE_ID = 'text-fit-probe-';
/** Alpha at or above which a pixel counts as covered (anti-aliased edges below it do not). */
const COVERED_ALPHA = 128;
/** How far the canvas is grown on every side; text beyond it is reported as drawing nothing. */
const MARGIN = 48;

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A path is an area when it is closed: by `z`, or by ending where it starts (Graphviz's rounded boxes). */
function isClosedPath(attributes: string): boolean {
  const data = /\sd="([^"]*)"/.exec(attributes)?.[1] ?? '';
  if (/[zZ]/.test(data)) return true;
  const numbers = data.match(/-?\d*\.?\d+(?:e-?\d+)?/gi) ?? [];
  return numbers.length >= 4 && numbers[0] === numbers[numbers.length - 2] && numbers[1] === numbers[numbers.length - 1];
}

function kindOf(tag: string, attributes: string): Kind {
  if (tag === 'text') return 'text';
  if (tag === 'line' || tag === 'polyline') return 'line';
  return tag !== 'path' || isClosedPath(attributes) ? 'area' : 'line';
}

/** Gives every drawn element an id (keeping those it has) and says what kind of thing it draws. */
function markElements(svg: string): { marked: string; elements: Element[] } {
  const elements: Element[] = [];
  const marked = svg.replace(
    /<(text|rect|polygon|ellipse|circle|path|polyline|line)\b([^>]*)>/g,
    (_whole, tag: string, attributes: string, at: number) => {
      const existing = /\sid="([^"]+)"/.exec(attributes)?.[1];
      const id = existing ?? `${PROBE_ID}${elements.length}`;
      const title = [...svg.slice(0, at).matchAll(/<title>([^<]*)<\/title>/g)].pop()?.[1];
      const inner = tag === 'text' ? (/^[^>]*>([\s\S]*?)<\/text>/.exec(svg.slice(at + 1))?.[1] ?? '') : undefined;
      const content = inner === undefined ? undefined : decodeEntities(inner.replace(/<[^>]*>/g, ''));
      // Blank text draws nothing: it is left out, as if it were not there.
      if (content === undefined || content.trim() !== '') {
        elements.push({
          id,
          kind: kindOf(tag, attributes),
          name: content !== undefined ? `"${content}"` : `<${tag}>${title ? ` of ${decodeEntities(title)}` : ''}`,
        });
      }
      return existing ? `<${tag}${attributes}>` : `<${tag} id="${id}"${attributes}>`;
    },
  );
  return { marked, elements };
}

function numberAttribute(tag: string, name: string): number | undefined {
  const value = new RegExp(`\\s${name}="([-\\d.]+)[a-z]*"`).exec(tag)?.[1];
  return value === undefined ? undefined : Number(value);
}

/** The canvas in user units: the viewBox, or else the width and height. */
function canvasOf(rootTag: string): { x: number; y: number; width: number; height: number } {
  const viewBox = /\sviewBox="([^"]*)"/.exec(rootTag)?.[1]?.trim().split(/[\s,]+/).map(Number);
  if (viewBox?.length === 4 && viewBox.every(Number.isFinite)) {
    const [x, y, width, height] = viewBox as [number, number, number, number];
    return { x, y, width, height };
  }
  const width = numberAttribute(rootTag, 'width');
  const height = numberAttribute(rootTag, 'height');
  if (width === undefined || height === undefined) throw new Error('the SVG has neither a viewBox nor a width and height');
  return { x: 0, y: 0, width, height };
}

export function markSvg(svg: string): MarkedSvg {
  const { marked, elements } = markElements(svg);
  const root = /<svg\b[^>]*>/.exec(marked);
  if (!root) throw new Error('not an SVG: no <svg> element');
  const canvas = canvasOf(root[0]);
  const width = Math.ceil(canvas.width + 2 * MARGIN);
  const height = Math.ceil(canvas.height + 2 * MARGIN);
  const rootTag = root[0]
    .replace(/\s(width|height|viewBox|preserveAspectRatio)="[^"]*"/g, '')
    .replace(/^<svg\b/, `<svg width="${width}" height="${height}" viewBox="${canvas.x - MARGIN} ${canvas.y - MARGIN} ${width} ${height}"`);
  return {
    svg: marked.slice(0, root.index) + rootTag + marked.slice(root.index + root[0].length),
    elements,
    canvas: { left: MARGIN, top: MARGIN, right: MARGIN + canvas.width, bottom: MARGIN + canvas.height },
  };
}

/** The SVG with every text turned into the outlines the font draws for it (ids kept). */
export function outlineText(svg: string, font: NonNullable<ResvgRenderOptions['font']>): string {
  return new Resvg(svg, { font, logLevel: 'off' }).toString();
}

/** A CSS selector for the element with this id, whatever characters the id holds. */
const idSelector = (id: string) => `#${id.replace(/[^\w-]/g, (character) => `\\${character}`)}`;

function withStyle(svg: string, rules: string): string {
  return svg.replace(/<svg\b[^>]*>/, (root) => `${root}<style>*{visibility:hidden}${rules}</style>`);
}

/** The pixels within `box` for which `belongs` holds. */
function maskWithin(box: Edges, width: number, belongs: (pixel: number) => boolean): Coverage {
  if (box.right < 0) return { left: 0, top: 0, right: -1, bottom: -1, covered: new Uint8Array(0), count: 0 };
  const { left, top, right, bottom } = box;
  const boxWidth = right - left + 1;
  const covered = new Uint8Array(boxWidth * (bottom - top + 1));
  let count = 0;
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) {
      if (belongs(y * width + x)) {
        covered[(y - top) * boxWidth + (x - left)] = 1;
        count += 1;
      }
    }
  }
  return { left, top, right, bottom, covered, count };
}

const emptyBox = (): Edges => ({ left: Infinity, top: Infinity, right: -1, bottom: -1 });

/** Grows `box` to hold `pixel` (pixels are numbered row by row). */
function include(box: Edges, pixel: number, width: number): void {
  const x = pixel % width;
  const y = (pixel - x) / width;
  if (x < box.left) box.left = x;
  if (x > box.right) box.right = x;
  if (y < box.top) box.top = y;
  if (y > box.bottom) box.bottom = y;
}

/** The pixels for which `belongs` holds, cropped to their bounding box. */
function crop(width: number, length: number, belongs: (pixel: number) => boolean): Coverage {
  const box = emptyBox();
  for (let pixel = 0; pixel < length; pixel++) if (belongs(pixel)) include(box, pixel, width);
  return maskWithin(box, width, belongs);
}

/** RGBA pixels read four bytes at a time (little-endian: alpha is the top byte, red the bottom one). */
function pixelWords(svg: string): { words: Uint32Array; width: number } {
  // Text is outlined (or hidden) by now: no fonts are needed, and loading the system's is slow.
  const image = new Resvg(svg, { font: { loadSystemFonts: false }, logLevel: 'off' }).render();
  const bytes = image.pixels;
  return { words: new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4), width: image.width };
}

/**
 * What one shape covers, drawn alone: an area as the region it encloses (filled, whether or not
 * it is), a line as its stroke.
 */
export function shapeCoverage(marked: MarkedSvg, element: Element): Coverage {
  const paint = element.kind === 'line' ? 'fill:none;stroke:#000;stroke-opacity:1' : 'fill:#000;fill-opacity:1;stroke:none';
  const only = idSelector(element.id);
  const { words, width } = pixelWords(withStyle(marked.svg, `${only}{visibility:visible;opacity:1;${paint}}`));
  return crop(width, words.length, (pixel) => words[pixel]! >>> 24 >= COVERED_ALPHA);
}

/**
 * What every text covers, from one rendering of the outlined SVG: each text painted in a colour of
 * its own, without anti-aliasing, so that every pixel names the text that drew it.
 */
export function textCoverage(outlined: string, texts: Element[]): Coverage[] {
  const colour = (index: number) => `#${(index + 1).toString(16).padStart(6, '0')}`;
  const rules = texts
    .map(({ id }, index) => {
      const only = idSelector(id);
      return `${only},${only} *{visibility:visible;opacity:1;fill:${colour(index)};fill-opacity:1;stroke:none;shape-rendering:crispEdges}`;
    })
    .join('');
  const { words, width } = pixelWords(withStyle(outlined, rules));
  // Red is the bottom byte, blue the third: the colour #rrggbb reads back as 0xffbbggrr.
  const indexAt = (pixel: number) => {
    const word = words[pixel]!;
    if (word >>> 24 !== 0xff) return -1;
    return (((word & 0xff) << 16) | (word & 0xff00) | ((word >>> 16) & 0xff)) - 1;
  };
  const boxes = texts.map(emptyBox);
  for (let pixel = 0; pixel < words.length; pixel++) {
    const box = boxes[indexAt(pixel)];
    if (box) include(box, pixel, width);
  }
  return boxes.map((box, index) => maskWithin(box, width, (pixel) => indexAt(pixel) === index));
}

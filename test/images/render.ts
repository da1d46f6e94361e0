/**
 * Turns the Graphviz sources in images/ into the SVGs the README shows. Graphviz sizes every box
 * to its label from font metrics it carries itself (no system fonts, no browser), so the output
 * is the same on every machine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const IMAGES_DIR = join(__dirname, '..', '..', 'images');

/**
 * Boxes are measured with DejaVu Sans, which many Linux machines substitute for Helvetica and
 * Arial and which is wider than both (and than Liberation Sans, Arial's metric twin); the SVG then
 * names the usual fonts, and every label fits whichever of them the reader has.
 */
const LAYOUT_FONT = 'DejaVu Sans';
const NAMED_FONTS = 'Helvetica,Arial,sans-serif';

export interface Picture {
  /** File name in images/ without extension: `<name>.dot` is the source, `<name>.svg` the output. */
  name: string;
  source: string;
}

/** Every picture with a source in images/, in name order. */
export function pictureSources(dir = IMAGES_DIR): Picture[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.dot'))
    .sort()
    .map((file) => ({ name: file.slice(0, -'.dot'.length), source: readFileSync(join(dir, file), 'utf8') }));
}

/** Sets the layout font first thing in the graph, so that every subgraph and label inherits it. */
function withLayoutFont(picture: Picture): string {
  const header = /^\s*(?:strict\s+)?(?:di)?graph\b[^{]*\{/m.exec(picture.source);
  if (!header) throw new Error(`images/${picture.name}.dot has no graph { ... } to render.`);
  const at = header.index + header[0].length;
  const defaults = ['graph', 'node', 'edge'].map((kind) => ` ${kind} [fontname="${LAYOUT_FONT}"];`).join('');
  return picture.source.slice(0, at) + defaults + picture.source.slice(at);
}

/** Renders one DOT source to SVG text; throws with Graphviz's own messages on a broken source. */
export async function renderSvg(picture: Picture): Promise<string> {
  // An ES module: loaded with import() from this CommonJS project.
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const result = viz.render(withLayoutFont(picture), { format: 'svg', engine: 'dot' });
  if (result.status !== 'success' || result.errors.length > 0) {
    const problems = result.errors.map((error) => `${error.level ?? 'error'}: ${error.message.trim()}`).join('; ');
    throw new Error(`images/${picture.name}.dot did not render cleanly: ${problems}`);
  }
  const otherFonts = [...result.output.matchAll(/font-family="([^"]*)"/g)].map((match) => match[1]).filter((font) => font !== LAYOUT_FONT);
  if (otherFonts.length > 0) {
    throw new Error(`images/${picture.name}.dot names fonts of its own (${[...new Set(otherFonts)].join(', ')}); leave fonts to test/images/render.ts.`);
  }
  return result.output.replaceAll(`font-family="${LAYOUT_FONT}"`, `font-family="${NAMED_FONTS}"`);
}

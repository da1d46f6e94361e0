/**
 * `npm run images`: renders every images/<name>.dot to images/<name>.svg. With `--png DIR`, also
 * writes a PNG of each, drawn with DejaVu Sans (a font the SVGs do not name), to look at.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { IMAGES_DIR, pictureSources, renderSvg } from './render';
import { renderPng } from './png';

const USAGE = `Usage: npm run images [-- --png DIR]
Renders every images/<name>.dot to images/<name>.svg (Graphviz, built to WebAssembly).
--png DIR   also write DIR/<name>.png, drawn with DejaVu Sans, to look at`;

/** Written beside the target and renamed over it: an interrupted run leaves no half-written SVG. */
function writeWhole(path: string, content: string | Buffer): void {
  writeFileSync(`${path}.partial`, content);
  renameSync(`${path}.partial`, path);
}

function readOrNothing(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function main(argv: string[]): Promise<number> {
  let values: { png?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({ args: argv, options: { png: { type: 'string' }, help: { type: 'boolean' } } }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const pictures = pictureSources();
  if (pictures.length === 0) {
    process.stderr.write(`No picture sources (*.dot) in ${IMAGES_DIR}.\n`);
    return 1;
  }
  if (values.png) mkdirSync(values.png, { recursive: true });
  for (const picture of pictures) {
    const svg = await renderSvg(picture);
    const svgPath = join(IMAGES_DIR, `${picture.name}.svg`);
    const changed = readOrNothing(svgPath) !== svg;
    if (changed) writeWhole(svgPath, svg);
    process.stdout.write(`${relative(process.cwd(), svgPath)}: ${changed ? 'written' : 'unchanged'}\n`);
    if (values.png) {
      const pngPath = join(values.png, `${picture.name}.png`);
      writeWhole(pngPath, renderPng(svg));
      process.stdout.write(`${pngPath}: written\n`);
    }
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`npm run images failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

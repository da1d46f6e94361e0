import { Resvg } from '@resvg/resvg-js';
import { CHECK_FONTS, resvgFonts, type FontChoice } from './textFit';

/** A PNG of the SVG at twice its size on white, drawn with `font` (DejaVu Sans by default). */
export function renderPng(svg: string, font: FontChoice = CHECK_FONTS[0]!): Buffer {
  return new Resvg(svg, { font: resvgFonts(font), fitTo: { mode: 'zoom', value: 2 }, background: 'white', logLevel: 'off' }).render().asPng();
}

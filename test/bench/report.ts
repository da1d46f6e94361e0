import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './world';

export type Cell = string | number | null | undefined;

/** Fixed-width text table: numbers right-aligned, everything else left-aligned. */
export function table(title: string, headers: string[], rows: Cell[][]): string {
  const text = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))));
  const widths = headers.map((header, i) => Math.max(header.length, ...text.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[], numeric: boolean[]) =>
    cells.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [
    `\n${title}`,
    line(headers, headers.map(() => false)),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.map((row, r) => line(text[r]!, row.map((cell) => typeof cell === 'number'))),
  ].join('\n');
}

export const fixed = (value: number | null | undefined, digits = 1): number | null =>
  value === null || value === undefined || Number.isNaN(value) ? null : Number(value.toFixed(digits));

export const kbToMiB = (kb: number | null | undefined): number | null => (kb === null || kb === undefined ? null : fixed(kb / 1024));

export function writeResults(results: unknown): string {
  const dir = join(REPO_ROOT, '.bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

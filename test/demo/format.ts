/** Plain-text layout for the demo's output: headed sections and aligned columns. */

export type Align = 'left' | 'right';

export interface Column {
  title: string;
  align?: Align;
}

// Code points, not UTF-16 units, so accented object names keep the columns straight.
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, size: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Lines of a table indented by two spaces; the last column is not padded, so lines end clean. */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  const sizes = columns.map((column, index) => Math.max(width(column.title), ...rows.map((row) => width(row[index] ?? ''))));
  const line = (cells: readonly string[]) =>
    `  ${columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        return index === columns.length - 1 && column.align !== 'right' ? cell : pad(cell, sizes[index]!, column.align ?? 'left');
      })
      .join('  ')}`.trimEnd();
  return [line(columns.map((column) => column.title)), ...rows.map(line)];
}

export function heading(title: string): string[] {
  return ['', title, '-'.repeat(width(title))];
}

/** `name  value` pairs with the names aligned. */
export function pairs(entries: readonly (readonly [string, string])[]): string[] {
  const size = Math.max(...entries.map(([name]) => width(name)));
  return entries.map(([name, value]) => `  ${pad(name, size, 'left')}  ${value}`);
}

export function bytes(count: number): string {
  return `${count.toLocaleString('en-US')} B`;
}

export function shortSha(hex: string | null | undefined): string {
  return hex ? `${hex.slice(0, 16)}…` : '—';
}

import type { TestCredentials } from '../support/credentials';
import type { NodeBinary } from './nodes';
import { fixed, table, type Cell } from './report';
import { measureRun, median, type Contents, type RunFigures, type RunSettings } from './run';
import type { Subject } from './subjects';

export interface Comparison {
  node: NodeBinary;
  function: RunFigures[];
  floor: RunFigures[];
}

/** Runs the two subjects in turn (function, floor, function, floor, ...) so noise hits both alike. */
export async function compare(
  node: NodeBinary,
  subjects: { function: Subject; floor: Subject },
  credentials: TestCredentials,
  contents: Contents,
  settings: RunSettings & { runs: number },
): Promise<Comparison> {
  const comparison: Comparison = { node, function: [], floor: [] };
  for (let run = 1; run <= settings.runs; run++) {
    for (const which of ['function', 'floor'] as const) {
      const figures = await measureRun(subjects[which], node.path, credentials, contents, settings);
      comparison[which].push(figures);
      const problems = figures.problems.length > 0 ? `  PROBLEMS: ${figures.problems.join(' | ')}` : '';
      console.log(
        `  node ${node.version} run ${run}/${settings.runs} ${subjects[which].name.padEnd(12)} cold ${fixed(figures.coldStartMs, 0)} ms, 1 KB ${fixed(figures.warmSmallMs)} ms, ` +
          `inline ${fixed(figures.warmInlineMs)} ms${figures.chunkedMs === null ? '' : `, chunked ${fixed(figures.chunkedMs / 1000, 2)} s`}${problems}`,
      );
    }
  }
  return comparison;
}

type Pick = (figures: RunFigures) => number | null;

interface Row {
  label: string;
  unit: string;
  pick: Pick;
  digits: number;
  /** Throughput: higher is better, so the ratio is function/floor of the rate, said as such. */
  rate?: boolean;
}

const MiB = (kb: number | null) => (kb === null ? null : kb / 1024);

function rows(comparison: Comparison, chunkedLabel: string): Row[] {
  const inlineBytes = comparison.function[0]?.inlineBytes ?? 0;
  const list: Row[] = [
    { label: 'cold start, spawn to the answer of a first 1 KB event', unit: 'ms', pick: (f) => f.coldStartMs, digits: 0 },
    { label: 'spawn to listening socket', unit: 'ms', pick: (f) => f.spawnToListenMs, digits: 0 },
    { label: 'warm event, 1 KB', unit: 'ms', pick: (f) => f.warmSmallMs, digits: 1 },
    { label: `warm event, largest inline (${inlineBytes.toLocaleString('en')} bytes)`, unit: 'ms', pick: (f) => f.warmInlineMs, digits: 1 },
    { label: 'peak RSS (VmHWM) after the inline events', unit: 'MiB', pick: (f) => MiB(f.inlinePeakKb), digits: 1 },
  ];
  if (comparison.function.some((f) => f.chunkedMs !== null)) {
    list.push(
      { label: `${chunkedLabel} chunked, time`, unit: 's', pick: (f) => (f.chunkedMs === null ? null : f.chunkedMs / 1000), digits: 2 },
      { label: `${chunkedLabel} chunked, throughput`, unit: 'MB/s', pick: (f) => (f.chunkedMs === null || f.chunkedBytes === null ? null : f.chunkedBytes / 1e3 / f.chunkedMs), digits: 1, rate: true },
      { label: `peak RSS (VmHWM) after ${chunkedLabel}`, unit: 'MiB', pick: (f) => MiB(f.chunkedPeakKb), digits: 1 },
    );
  }
  return list;
}

function summary(values: Array<number | null>, digits: number): { median: number | null; text: string } {
  const present = values.filter((value): value is number => value !== null);
  if (present.length === 0) return { median: null, text: '-' };
  const m = median(present);
  return { median: m, text: `${fixed(m, digits)} (${fixed(Math.min(...present), digits)}–${fixed(Math.max(...present), digits)})` };
}

/** The table of one Node version: medians (min–max) and the ratio of the medians. */
export function comparisonTable(comparison: Comparison, chunkedLabel: string): string {
  const body: Cell[][] = rows(comparison, chunkedLabel).map((row) => {
    const fn = summary(comparison.function.map(row.pick), row.digits);
    const floor = summary(comparison.floor.map(row.pick), row.digits);
    const ratio = fn.median !== null && floor.median !== null && floor.median > 0 ? `${fixed(fn.median / floor.median, 2)}x${row.rate ? ' (rate)' : ''}` : '-';
    return [`${row.label}, ${row.unit}`, fn.text, floor.text, ratio];
  });
  return table(
    `Node ${comparison.node.version}: median (min–max) of ${comparison.function.length} interleaved runs each`,
    ['figure', 'fn-streaming', 'floor', 'ratio fn/floor'],
    body,
  );
}

import { SingleBar } from 'cli-progress';
import { formatBytes } from './format';
import type { ObjectOutcome, ReplayItem } from './ports';

export interface Progress {
  start(total: number, totalBytes: number): void;
  completed(item: ReplayItem, outcome: ObjectOutcome): void;
  /** A line that must not be drawn over (interrupts, warnings). */
  note(line: string): void;
  stop(): void;
}

interface Counts {
  done: number;
  bytes: number;
  failures: number;
  startedAt: number;
}

function rate(counts: Counts, now: number): string {
  const seconds = (now - counts.startedAt) / 1000;
  return seconds > 0 ? `${formatBytes(Math.round(counts.bytes / seconds))}/s` : '-';
}

/** One line per completed object: for logs, CI and pipes. */
export function plainProgress(print: (line: string) => void, now: () => number = Date.now): Progress {
  const counts: Counts = { done: 0, bytes: 0, failures: 0, startedAt: now() };
  let total = 0;
  return {
    start: (objects) => {
      total = objects;
      counts.startedAt = now();
    },
    completed: (item, outcome) => {
      counts.done += 1;
      counts.bytes += item.size ?? 0;
      if (outcome.status === 'failed') counts.failures += 1;
      const how = outcome.status === 'published' ? ` ${outcome.delivery}` : '';
      const why = outcome.reason === undefined ? '' : `: ${outcome.reason}`;
      print(`[${counts.done}/${total}] ${outcome.status}${how} ${item.object}${why}`);
    },
    note: print,
    stop: () => {},
  };
}

/**
 * A bar on a terminal: objects, bytes, rate, failures and time left. cli-progress draws it
 * (terminal width, redraw pacing, ETA smoothing); the figures are ours.
 */
export function barProgress(stream: NodeJS.WritableStream, now: () => number = Date.now): Progress {
  const counts: Counts = { done: 0, bytes: 0, failures: 0, startedAt: now() };
  let totalBytes = 0;
  const bar = new SingleBar({
    stream,
    format: ' {bar} {value}/{total} objects | {bytes} of {totalBytes} | {rate} | {failures} failed | ETA {eta_formatted}',
    // Left visible: a second Ctrl-C exits at once, and must not leave the terminal without a cursor.
    hideCursor: false,
    barsize: 24,
    etaBuffer: 50,
  });
  const payload = () => ({ bytes: formatBytes(counts.bytes), totalBytes: formatBytes(totalBytes), rate: rate(counts, now()), failures: counts.failures });
  return {
    start: (objects, bytes) => {
      totalBytes = bytes;
      counts.startedAt = now();
      bar.start(objects, 0, payload());
    },
    completed: (item, outcome) => {
      counts.done += 1;
      counts.bytes += item.size ?? 0;
      if (outcome.status === 'failed') counts.failures += 1;
      bar.update(counts.done, payload());
    },
    note: (line) => {
      bar.stop();
      stream.write(`${line}\n`);
      bar.start(bar.getTotal(), counts.done, payload());
    },
    stop: () => bar.stop(),
  };
}

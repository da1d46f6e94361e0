import { SingleBar } from 'cli-progress';
import type { FeedCounts } from './feed';
import { formatBytes } from './format';
import type { ObjectOutcome, ReplayItem } from './ports';

export interface Progress {
  start(found: Readonly<FeedCounts>): void;
  /** More items were found (a listing page arrived), or the last page has. */
  found(found: Readonly<FeedCounts>): void;
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

/** The objects found so far; `+` while the listing goes on. */
function totalOf(found: Readonly<FeedCounts>): string {
  return `${found.items}${found.complete ? '' : '+'}`;
}

/** One line per completed object: for logs, CI and pipes. */
export function plainProgress(print: (line: string) => void, now: () => number = Date.now): Progress {
  const counts: Counts = { done: 0, bytes: 0, failures: 0, startedAt: now() };
  let total = '0+';
  return {
    start: (found) => {
      total = totalOf(found);
      counts.startedAt = now();
    },
    found: (found) => {
      total = totalOf(found);
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
  const bar = new SingleBar({
    stream,
    format: ' {bar} {value}/{total} objects | {bytes} of {totalBytes} | {rate} | {failures} failed | ETA {eta_formatted}',
    // Left visible: a second Ctrl-C exits at once, and must not leave the terminal without a cursor.
    hideCursor: false,
    barsize: 24,
    etaBuffer: 50,
  });
  let found: Readonly<FeedCounts> = { items: 0, bytes: 0, alreadyDone: 0, complete: false };
  const payload = () => ({
    bytes: formatBytes(counts.bytes),
    totalBytes: `${formatBytes(found.bytes)}${found.complete ? '' : '+'}`,
    rate: rate(counts, now()),
    failures: counts.failures,
  });
  return {
    start: (start) => {
      found = { ...start };
      counts.startedAt = now();
      bar.start(found.items, 0, payload());
    },
    found: (more) => {
      found = { ...more };
      bar.setTotal(found.items);
      bar.update(counts.done, payload());
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

import { formatBytes, formatDuration } from './format';
import type { Completed, RunResult } from './run';

/** Skipped and stepped-aside objects are listed up to this many; the state file holds them all. */
const MAX_LISTED = 20;

/** The end of every run: counts, then each failure's object and reason, then what to do next. */
export function summaryLines(result: RunResult, options: { stateFile?: string | undefined }): string[] {
  const count = (status: string) => result.completed.filter(({ outcome }) => outcome.status === status);
  const published = count('published');
  const steppedAside = count('stepped-aside');
  const skipped = count('skipped');
  const failed = count('failed');
  const messages = published.reduce((sum, { outcome }) => sum + (outcome.messages ?? 0), 0);
  // Bytes that went into the stream as content; a reference carries none.
  const bytes = published.filter(({ outcome }) => outcome.delivery === 'inline' || outcome.delivery === 'chunked').reduce((sum, { item }) => sum + (item.size ?? 0), 0);
  const lines = [
    '',
    `Replay ${result.interrupted ? 'interrupted' : result.stoppedBy ? 'stopped' : 'finished'} after ${formatDuration(result.elapsedMs)}:`,
    `  published ${published.length} (${messages} messages, ${formatBytes(bytes)} of content), skipped ${skipped.length}, failed ${failed.length}` +
      (steppedAside.length > 0 ? `, stepped aside ${steppedAside.length}` : '') +
      (result.alreadyDone > 0 ? `, already done before ${result.alreadyDone}` : '') +
      (result.notStarted > 0 ? `, not started ${result.notStarted}` : ''),
  ];
  const references = published.filter(({ outcome }) => outcome.delivery === 'reference');
  if (references.length > 0) lines.push(`  ${references.length} sent as reference (the consumer reads them from Object Storage), for example ${references[0]!.item.object}: ${references[0]!.outcome.reason ?? ''}`);
  const list = (title: string, listed: readonly Completed[]) => {
    if (listed.length === 0) return;
    lines.push(title);
    for (const { item, outcome } of listed.slice(0, MAX_LISTED)) lines.push(`  ${item.object}: ${outcome.reason ?? ''}`);
    if (listed.length > MAX_LISTED) lines.push(`  ... and ${listed.length - MAX_LISTED} more${options.stateFile ? ` (all in ${options.stateFile})` : ''}`);
  };
  list('Stepped aside (only a reference reached the stream):', steppedAside);
  list('Skipped:', skipped);
  if (failed.length > 0) {
    lines.push('Failed:');
    for (const { item, outcome } of failed) lines.push(`  ${item.object}: ${outcome.reason ?? ''}`);
  }
  if (result.stoppedBy) lines.push(`Stopped at the first failure that every object would meet: ${result.stoppedBy.outcome.reason ?? ''}`);
  if (failed.length > 0 || steppedAside.length > 0 || result.notStarted > 0) {
    lines.push(
      options.stateFile
        ? `Run the same command again to retry what failed, stepped aside or did not start; ${options.stateFile} skips what is done.`
        : 'Run again with --state FILE to record outcomes, so a rerun skips what is done.',
    );
  }
  return lines;
}

import { formatBytes, formatDuration } from './format';
import type { RunResult } from './run';

/** Skipped objects are listed up to this many; the state file holds them all. */
const MAX_SKIPPED_LISTED = 20;

/** The end of every run: counts, then each failure's object and reason, then what to do next. */
export function summaryLines(result: RunResult, options: { stateFile?: string | undefined }): string[] {
  const count = (status: string) => result.completed.filter(({ outcome }) => outcome.status === status);
  const published = count('published');
  const skipped = count('skipped');
  const failed = count('failed');
  const messages = published.reduce((sum, { outcome }) => sum + (outcome.messages ?? 0), 0);
  // Bytes that went into the stream as content; a reference carries none.
  const bytes = published.filter(({ outcome }) => outcome.delivery === 'inline' || outcome.delivery === 'chunked').reduce((sum, { item }) => sum + (item.size ?? 0), 0);
  const lines = [
    '',
    `Replay ${result.interrupted ? 'interrupted' : result.stoppedBy ? 'stopped' : 'finished'} after ${formatDuration(result.elapsedMs)}:`,
    `  published ${published.length} (${messages} messages, ${formatBytes(bytes)} of content), skipped ${skipped.length}, failed ${failed.length}` +
      (result.alreadyDone > 0 ? `, already done before ${result.alreadyDone}` : '') +
      (result.notStarted > 0 ? `, not started ${result.notStarted}` : ''),
  ];
  const references = published.filter(({ outcome }) => outcome.delivery === 'reference');
  if (references.length > 0) lines.push(`  ${references.length} sent as reference (the consumer reads them from Object Storage), for example ${references[0]!.item.object}: ${references[0]!.outcome.reason ?? ''}`);
  if (skipped.length > 0) {
    lines.push('Skipped:');
    for (const { item, outcome } of skipped.slice(0, MAX_SKIPPED_LISTED)) lines.push(`  ${item.object}: ${outcome.reason ?? ''}`);
    if (skipped.length > MAX_SKIPPED_LISTED) lines.push(`  ... and ${skipped.length - MAX_SKIPPED_LISTED} more${options.stateFile ? ` (all in ${options.stateFile})` : ''}`);
  }
  if (failed.length > 0) {
    lines.push('Failed:');
    for (const { item, outcome } of failed) lines.push(`  ${item.object}: ${outcome.reason ?? ''}`);
  }
  if (result.stoppedBy) lines.push(`Stopped at the first failure that every object would meet: ${result.stoppedBy.outcome.reason ?? ''}`);
  if (failed.length > 0 || result.notStarted > 0) {
    lines.push(
      options.stateFile
        ? `Run the same command again to retry what failed or did not start; ${options.stateFile} skips what is done.`
        : 'Run again with --state FILE to record outcomes, so a rerun skips what is done.',
    );
  }
  return lines;
}

import { describeThrown } from '../errors';
import { formatBytes, formatDuration } from './format';
import type { RunResult } from './run';
import type { Completed } from './tally';

/** The end of every run: counts, then the objects that need a look and why, then what to do next. */
export function summaryLines(result: RunResult, options: { stateFile?: string | undefined }): string[] {
  const { tally } = result;
  const { counts } = tally;
  const stopped = result.stoppedBy !== undefined || result.brokenBy !== undefined;
  const notStarted = result.notStarted > 0 || !result.sourceComplete ? `, not started ${result.notStarted}${result.sourceComplete ? '' : ' (and what the listing had not reached)'}` : '';
  const lines = [
    '',
    `Replay ${result.interrupted ? 'interrupted' : stopped ? 'stopped' : 'finished'} after ${formatDuration(result.elapsedMs)}:`,
    `  published ${counts.published} (${tally.messages} messages, ${formatBytes(tally.contentBytes)} of content), skipped ${counts.skipped}, failed ${counts.failed}` +
      (counts['stepped-aside'] > 0 ? `, stepped aside ${counts['stepped-aside']}` : '') +
      (result.alreadyDone > 0 ? `, already done before ${result.alreadyDone}` : '') +
      notStarted,
  ];
  const example = tally.firstReference;
  if (example) lines.push(`  ${tally.references} sent as reference (the consumer reads them from Object Storage), for example ${example.item.object}: ${example.outcome.reason ?? ''}`);
  const list = (title: string, listed: readonly Completed[], count: number) => {
    if (count === 0) return;
    lines.push(title);
    for (const { item, outcome } of listed) lines.push(`  ${item.object}: ${outcome.reason ?? ''}`);
    if (count > listed.length) lines.push(`  ... and ${count - listed.length} more${options.stateFile ? ` (all in ${options.stateFile})` : ''}`);
  };
  list('Stepped aside (only a reference reached the stream):', tally.listed['stepped-aside'], counts['stepped-aside']);
  list('Skipped:', tally.listed.skipped, counts.skipped);
  list('Failed:', tally.listed.failed, counts.failed);
  if (result.stoppedBy) lines.push(`Stopped at the first failure that every object would meet: ${result.stoppedBy.outcome.reason ?? ''}`);
  if (result.brokenBy !== undefined) lines.push(`Stopped partway: ${describeThrown(result.brokenBy)}`);
  if (counts.failed > 0 || counts['stepped-aside'] > 0 || notStarted !== '') {
    lines.push(
      options.stateFile
        ? `Run the same command again to retry what failed or did not start (and what stepped aside); ${options.stateFile} skips what is done.`
        : 'Run again with --state FILE to record outcomes, so a rerun skips what is done.',
    );
  }
  return lines;
}

/** Not every object is on the stream: a failure, a step aside, or a run stopped partway. */
export function leftSomethingUndone(result: RunResult): boolean {
  return result.tally.counts.failed > 0 || result.tally.counts['stepped-aside'] > 0 || result.brokenBy !== undefined;
}

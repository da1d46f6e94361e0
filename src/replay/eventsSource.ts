import { messageOf, ReplaySetupError } from '../errors';
import { parseEvent } from '../event/parse';
import type { ReplayItem } from './ports';

const MAX_PROBLEMS_SHOWN = 10;

/** `--events`: every non-blank line an object event the function accepts, sent as it is. */
export function eventItems(lines: readonly string[], file: string): ReplayItem[] {
  const items: ReplayItem[] = [];
  const problems: string[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      const { event, raw } = parseEvent(line);
      const details = event.data.additionalDetails;
      items.push({ id: event.eventID, object: `${details.namespace}/${details.bucketName}/${event.data.resourceName}`, size: null, event: raw });
    } catch (error) {
      problems.push(`line ${index + 1}: ${messageOf(error)}`);
    }
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
    const more = problems.length - shown.length;
    throw new ReplaySetupError(
      `${problems.length} line(s) of ${JSON.stringify(file)} are not object events the function accepts; fix or remove them. Nothing was sent.`,
      more > 0 ? [...shown, `... and ${more} more`] : shown,
    );
  }
  return items;
}

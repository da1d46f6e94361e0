import { format } from 'node:util';
import type { Logger } from '../ports';

/**
 * The SDK's retrier reports every failed call ("Request cannot be retried ...", "All retry
 * attempts have exhausted ...") before throwing it. The function retries on its own and logs
 * each failure it meets, named, so these repeat what the log already says: kept at debug level.
 */
const SDK_RETRY_NOTICE = /^(Request cannot be retried|All retry attempts have exhausted|Request failed with Exception)/;

/**
 * The OCI SDK writes retry notices through `console.warn` and `console.debug`, and the fdk its
 * error reports through `console.warn`. Routing those through the JSON logger keeps the function
 * log one JSON object a line and lets LOG_LEVEL filter them. `console.log` and `console.error`
 * stay untouched: the fdk writes the Fn log-frame markers with them, which must stay verbatim.
 */
export function routeConsoleTo(logger: Logger): void {
  const text = (args: unknown[]) => ({ source: 'library', text: format(...args) });
  console.debug = (...args: unknown[]) => logger.debug('library output', text(args));
  console.warn = (...args: unknown[]) => {
    const fields = text(args);
    if (SDK_RETRY_NOTICE.test(fields.text)) logger.debug('library output', fields);
    else logger.warn('library output', fields);
  };
}
